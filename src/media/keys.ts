import { randomUUID } from 'node:crypto';
import { assertValidKey } from './storage.js';

/** The storage keys of one media item: a random id under the caller's prefix, never a file name. */
export function newMediaKeyBase(keyPrefix: string): string {
  const base = `${keyPrefix.replace(/\/+$/, '')}/${randomUUID()}`;
  assertValidKey(base);
  return base;
}
