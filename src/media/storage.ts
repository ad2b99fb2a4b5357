import type { Readable } from 'node:stream';
import { MediaError } from './errors.js';

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Where media bytes live. Keys are opaque, `/`-separated, validated by {@link assertValidKey};
 * objects are written once and never updated in place.
 */
export interface MediaStorage {
  /**
   * Streams `body` to `key` and resolves with the byte count. If `body` errors (client abort,
   * size or quota limit) or the backend fails, rejects and nothing remains at `key`.
   */
  put(key: string, body: Readable, options: { contentType: string }): Promise<{ bytes: number }>;
  /** Opens a stored object, or only `range` of it; rejects with `MEDIA_NOT_FOUND` if absent. */
  open(key: string, range?: ByteRange): Promise<Readable>;
  /** The object's size, or undefined when there is none at `key`. */
  stat(key: string): Promise<{ bytes: number } | undefined>;
  /** Deletes `key`; deleting a missing key succeeds (idempotent). */
  delete(key: string): Promise<void>;
}

/** An object found by listing a store: its key and when it was last written. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date;
}

/** A store that can list what it holds (both backends can; the orphan sweep needs it). */
export interface ListableMediaStorage extends MediaStorage {
  /** Every object whose key starts with `prefix`, in pages, in no promised order. */
  list(prefix: string): AsyncIterable<ListedObject>;
}

// Each segment starts with a letter, digit, `_` or `-`: no `.` or `..`, no hidden names (the disk
// store keeps its temp files under `.tmp`), no backslashes, no empty segments, no leading `/`.
const KEY_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const MAX_KEY_LENGTH = 512;

/** Throws `MEDIA_KEY_INVALID` unless `key` is a safe relative key (no traversal). */
export function assertValidKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
    throw new MediaError('MEDIA_KEY_INVALID', `invalid storage key ${JSON.stringify(key.slice(0, 80))}`);
  }
}
