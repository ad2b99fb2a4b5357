import type { RequestHandler } from 'express';
import { devicePersonKey } from './person-key.js';

/** The response header naming whose data a response is (`devicePersonKey`), for the service worker. */
export const PERSON_HEADER = 'X-Ecarnet-Person';

/**
 * Tells the page and the service worker whose pages these are: `res.locals.deviceKey` for the
 * layout (offline drafts are kept under it) and the `X-Ecarnet-Person` header, by which the worker
 * keeps each response in that person's cache only, and empties the caches when a response comes
 * for someone else or for nobody. `Content-Language` tells it which offline page to show.
 * Runs after the language middleware.
 */
export function deviceLocals(): RequestHandler {
  return (req, res, next) => {
    const personId = req.ecarnetSession?.personId;
    if (personId) {
      const key = devicePersonKey(personId);
      res.locals.deviceKey = key;
      res.setHeader(PERSON_HEADER, key);
    }
    if (req.language) res.setHeader('Content-Language', req.language);
    next();
  };
}
