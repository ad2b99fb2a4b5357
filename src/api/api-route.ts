import type { Request, Response } from 'express';
import type { z } from 'zod';
import { validated, type InputSchemas, type ValidatedHandler } from '../http/validated.js';

/** What the OpenAPI document says of an endpoint, beside its input schemas. */
interface RouteDescription {
  readonly method: 'get' | 'put' | 'post' | 'delete';
  /** Express path under /api/v1 (`/pupils/:pupilId`), or from the app's root for an `appRoute`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** False for the OpenAPI document itself and the probes. */
  readonly signedIn: boolean;
  /** The body is `multipart/form-data` (an upload), read by the handler itself. */
  readonly multipart?: true;
  /** Schema of a 200 JSON response; none (and no `download`) means 204 No Content. */
  readonly response?: z.ZodType;
  /** The media type of a 200 response that is a file rather than JSON. */
  readonly download?: string;
}

/** An endpoint as the OpenAPI document sees it. */
export interface DocumentedRoute extends RouteDescription {
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Set for a route mounted outside `/api/v1`: its path starts at the app's root. */
  readonly root?: 'app';
}

/**
 * One endpoint of the JSON API, described once: the router mounts it, its input schemas are
 * checked before `handle` runs, and the OpenAPI document is written from the same description,
 * so none can forget the others.
 */
export interface ApiRoute extends DocumentedRoute {
  /** The handler behind the checks: it runs only on valid input. */
  readonly handle: (req: Request, res: Response) => Promise<void>;
}

/** An endpoint as written in a route table: its handler takes the checked input. */
export interface ApiRouteDefinition<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
> extends RouteDescription {
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly handle: ValidatedHandler<P, Q, B>;
}

/**
 * Declares an endpoint; TypeScript reads the handler's `params`, `query` and `body` types from
 * the schemas, and the returned route checks them before the handler runs.
 */
export function defineRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(definition: ApiRouteDefinition<P, Q, B>): ApiRoute {
  return { ...definition, handle: validated(definition, definition.handle) };
}

/** A route of a page router that answers JSON (or a download), described for the OpenAPI document. */
export type AppRoute<P extends z.ZodObject | undefined, Q extends z.ZodObject | undefined, B extends z.ZodType | undefined> = RouteDescription &
  InputSchemas<P, Q, B> & { readonly root: 'app' };

/**
 * Describes a route mounted outside `/api/v1` whose answer a program reads (JSON, a download, a
 * probe). Its router mounts it with `validated(route, handler)`, so the same schemas are checked
 * and documented; `src/api/app-routes.ts` lists it for the document.
 */
export function appRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(route: RouteDescription & InputSchemas<P, Q, B>): AppRoute<P, Q, B> {
  return { ...route, root: 'app' };
}
