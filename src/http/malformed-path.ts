import type { Request } from 'express';
import type { AppError } from './errors.js';

/** The `:name` parameters of the route that handled the request (`req.route` stays set after it threw). */
function pathParamNames(req: Request): readonly string[] {
  const route: unknown = req.route;
  const path = route && typeof route === 'object' && 'path' in route ? route.path : undefined;
  if (typeof path !== 'string') return [];
  return [...path.matchAll(/:(\w+)/g)].map((match) => match[1] as string);
}

/**
 * Whether a validation failure is only about ids in the address (`/entries/not-an-id`). For a
 * person such an address leads nowhere, like any other: pages answer it as NOT_FOUND rather than
 * naming a field they cannot see nor fix.
 */
export function isMalformedPathOnly(req: Request, error: AppError): boolean {
  if (error.code !== 'VALIDATION_FAILED' || error.fields.length === 0) return false;
  const names = pathParamNames(req);
  return error.fields.every((problem) => names.includes(problem.field));
}
