import { Transform, type TransformCallback } from 'node:stream';
import type { MediaError } from './errors.js';

/**
 * Passes bytes through and fails as soon as more than `limit` have gone by, with the error
 * `exceeded()` builds: the upload stops mid-stream, before the excess reaches storage.
 */
export class ByteLimit extends Transform {
  bytes = 0;
  private readonly limit: number;
  private readonly exceeded: () => MediaError;

  constructor(limit: number, exceeded: () => MediaError) {
    super();
    this.limit = limit;
    this.exceeded = exceeded;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      callback(this.exceeded());
      return;
    }
    callback(null, chunk);
  }
}
