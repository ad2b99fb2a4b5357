import { z } from 'zod';
import type { TimelineCursor } from './timeline-queries.js';

// A keyset cursor is written `<ms>.<entryId>` in links and in the API's `next`.

/**
 * The `?before=` query of every timeline (page, API, shared view): anything but a cursor this
 * module wrote is refused (VALIDATION_FAILED) before it reaches a query as an invalid date.
 */
export const timelineCursorQuery = z.object({
  before: z.string().regex(/^\d{13}\.[0-9a-f-]{36}$/).optional(),
});

/** The cursor of a `before` value already checked by `timelineCursorQuery`. */
export function parseCursor(value: string | undefined): TimelineCursor | undefined {
  if (!value) return undefined;
  const [ms, entryId] = value.split('.') as [string, string];
  return { at: new Date(Number(ms)), entryId };
}

/** The `before` value that opens the page after the one ending at `cursor`. */
export function formatCursor(cursor: TimelineCursor): string {
  return `${cursor.at.getTime()}.${cursor.entryId}`;
}
