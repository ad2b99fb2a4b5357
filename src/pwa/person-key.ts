import { createHash } from 'node:crypto';

/**
 * The name under which the signed-in person's pages are kept on the device (the service worker's
 * cache, offline drafts). A hash rather than the id: it appears in cache names and page attributes,
 * and needs only to tell two people apart, never to name one.
 */
export function devicePersonKey(personId: string): string {
  return createHash('sha256').update(`e-carnet device cache\u0000${personId}`).digest('hex').slice(0, 32);
}
