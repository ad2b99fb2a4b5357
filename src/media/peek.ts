import { Readable } from 'node:stream';

/**
 * Reads at least `bytes` bytes (fewer if the stream ends first) and returns them with a stream
 * that replays them followed by the rest of `input`, so the type can be sniffed without buffering
 * the whole body. Errors of `input` surface on `rest`; destroying `rest` destroys `input`.
 */
export async function peekHead(input: Readable, bytes: number): Promise<{ head: Buffer; rest: Readable }> {
  const iterator = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const buffered = Buffer.concat(chunks, length);
  async function* replay(): AsyncGenerator<Buffer> {
    if (buffered.length > 0) yield buffered;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: buffered.subarray(0, bytes), rest: Readable.from(replay(), { objectMode: false }) };
}
