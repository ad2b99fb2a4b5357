import type { Request, Response } from 'express';
import type { z } from 'zod';
import { parseInput } from './parse-input.js';

/** What a route reads from a request, each part checked by its own schema. */
export interface InputSchemas<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined> {
  /** The `:name` parts of the path; a failure there is an address leading nowhere for a page (NOT_FOUND). */
  readonly params?: P;
  /** The query string: only the keys the route reads; others pass unseen. */
  readonly query?: Q;
  /** The parsed body (JSON or form). */
  readonly body?: B;
}

/** The value of one checked part, or `undefined` for a part the route does not declare. */
export type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler is given: each declared part already checked and typed. */
export interface ValidatedInput<P, Q, B> {
  readonly params: Parsed<P>;
  readonly query: Parsed<Q>;
  readonly body: Parsed<B>;
}

/** A handler of checked input. */
export type ValidatedHandler<P, Q, B> = (input: ValidatedInput<P, Q, B>, req: Request, res: Response) => Promise<void> | void;

/** The schemas each handler made by `validated` checks, for tests that walk the app's routes. */
const schemasOfHandler = new WeakMap<object, object>();

/** The schemas (or route description) a handler was made from by `validated`, if it was. */
export function validatedSchemasOf(handler: unknown): object | undefined {
  return typeof handler === 'function' ? schemasOfHandler.get(handler) : undefined;
}

function parsePart<S extends z.ZodType | undefined>(schema: S, value: unknown): Parsed<S> {
  return (schema === undefined ? undefined : parseInput(schema, value)) as Parsed<S>;
}

/**
 * The one way a route reads its input: path parameters, then the query string, then the body are
 * checked before the handler runs (the first part at fault is answered as VALIDATION_FAILED with
 * its fields), and the handler receives typed values instead of parsing `req` again.
 */
export function validated<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(schemas: InputSchemas<P, Q, B>, handler: ValidatedHandler<P, Q, B>): (req: Request, res: Response) => Promise<void> {
  const checked = async (req: Request, res: Response): Promise<void> => {
    // In order, so that a malformed id alone still reads as an address leading nowhere.
    const params = parsePart(schemas.params as P, req.params);
    const query = parsePart(schemas.query as Q, req.query);
    const body = parsePart(schemas.body as B, req.body);
    await handler({ params, query, body }, req, res);
  };
  schemasOfHandler.set(checked, schemas);
  return checked;
}
