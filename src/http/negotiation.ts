import type { Request } from 'express';

/** API paths and clients asking for JSON get JSON errors; browsers get pages. */
export function wantsJson(req: Request): boolean {
  const path = req.originalUrl.split('?')[0] ?? '';
  if (path.startsWith(`${req.basePath ?? ''}/api/`)) return true;
  const preferred = req.accepts(['html', 'json']);
  return preferred === 'json';
}
