import { z } from 'zod';

/**
 * Keyset cursor of timeline pages, `<ms>.<entryId>` in links and in the API's `next`: the time an
 * entry was seen from and its id, so a page starts right after the last entry of the one before.
 */
export interface TimelineCursor {
  readonly at: Date;
  readonly entryId: string;
}

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
