import type { Request, Response } from 'express';
import type { z } from 'zod';

/**
 * One endpoint of the JSON API, described once: the router mounts it and the OpenAPI document
 * is written from the same description, so neither can forget the other.
 */
export interface ApiRoute {
  readonly method: 'get' | 'put' | 'post' | 'delete';
  /** Express path under /api/v1, e.g. `/pupils/:pupilId`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** False only for the OpenAPI document itself. */
  readonly signedIn: boolean;
  readonly params?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The body is `multipart/form-data` (an upload), read by the handler itself. */
  readonly multipart?: true;
  /** Schema of a 200 response; none means 204 No Content. */
  readonly response?: z.ZodType;
  readonly handle: (req: Request, res: Response) => Promise<void> | void;
}
