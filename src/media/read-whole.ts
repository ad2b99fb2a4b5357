import type { Readable } from 'node:stream';

/**
 * Reads a stream whole, up to `limit` bytes, for what can only be used in one piece (a photo for
 * sharp, a JSON document, a CSV file). Past the limit the stream is destroyed and `tooLarge()` is
 * thrown at once: the excess is neither read on nor held.
 */
export async function readWhole(stream: Readable, limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}
