import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DiskMediaStorage } from '../../src/media/disk-storage.js';
import { isMediaError } from '../../src/media/errors.js';
import { BACKENDS, type StorageUnderTest } from './backends.js';
import { failingAfter, filesUnder } from './fixtures.js';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

for (const backend of BACKENDS) {
  describe(`media storage contract: ${backend.name}`, function () {
    this.timeout(30_000);
    let subject: StorageUnderTest;
    before(async () => {
      subject = await backend.start();
    });
    after(async () => {
      await subject.stop();
    });

    it('puts, stats, opens and deletes an object', async () => {
      const { bytes } = await subject.storage.put('schools/s1/a.txt', Readable.from([Buffer.from('bonjour')]), { contentType: 'text/plain' });
      expect(bytes).to.equal(7);
      expect(await subject.storage.stat('schools/s1/a.txt')).to.deep.equal({ bytes: 7 });
      expect(await text(await subject.storage.open('schools/s1/a.txt'))).to.equal('bonjour');
      await subject.storage.delete('schools/s1/a.txt');
      expect(await subject.storage.stat('schools/s1/a.txt')).to.equal(undefined);
      expect(await subject.everything()).to.deep.equal([]);
    });

    it('opens an inclusive byte range', async () => {
      await subject.storage.put('r/range.bin', Readable.from([Buffer.from('0123456789')]), { contentType: 'application/octet-stream' });
      expect(await text(await subject.storage.open('r/range.bin', { start: 2, end: 5 }))).to.equal('2345');
      expect(await text(await subject.storage.open('r/range.bin', { start: 9, end: 9 }))).to.equal('9');
      await subject.storage.delete('r/range.bin');
    });

    it('streams a multipart-sized body (12 MB) intact', async () => {
      const body = randomBytes(12 * 1024 * 1024);
      const chunks = Array.from({ length: 12 * 16 }, (_, index) => body.subarray(index * 65536, (index + 1) * 65536));
      const { bytes } = await subject.storage.put('big/body.bin', Readable.from(chunks), { contentType: 'video/mp4' });
      expect(bytes).to.equal(body.length);
      expect((await bytesOf(await subject.storage.open('big/body.bin'))).equals(body)).to.equal(true);
      await subject.storage.delete('big/body.bin');
    });

    it('leaves nothing at the key when the body fails (small and multipart-sized)', async () => {
      for (const size of [100 * 1024, 7 * 1024 * 1024]) {
        const error = await rejection(subject.storage.put('fail/x.mp4', failingAfter(Buffer.from('x'), size), { contentType: 'video/mp4' }));
        expect((error as Error).message).to.equal('aborted');
        expect(await subject.storage.stat('fail/x.mp4')).to.equal(undefined);
      }
      expect(await subject.everything()).to.deep.equal([]);
    });

    it('shows nothing at the key until the body is complete', async () => {
      const body = new PassThrough();
      const put = subject.storage.put('atomic/clip.webm', body, { contentType: 'video/webm' });
      body.write(Buffer.alloc(64 * 1024));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await subject.storage.stat('atomic/clip.webm')).to.equal(undefined);
      body.end(Buffer.alloc(1024));
      expect(await put).to.deep.equal({ bytes: 65 * 1024 });
      expect(await subject.storage.stat('atomic/clip.webm')).to.deep.equal({ bytes: 65 * 1024 });
      await subject.storage.delete('atomic/clip.webm');
    });

    it('rejects opening a missing object with MEDIA_NOT_FOUND', async () => {
      expect(isMediaError(await rejection(subject.storage.open('missing/nothing.jpg')), 'MEDIA_NOT_FOUND')).to.equal(true);
    });

    it('deletes idempotently', async () => {
      await subject.storage.delete('missing/nothing.jpg');
      await subject.storage.delete('missing/nothing.jpg');
    });

    for (const key of ['../escape.txt', 'a/../../escape', '/etc/passwd', 'a//b', 'a\\b', '.tmp/x', 'a/./b', '', 'é.jpg', 'a/.hidden']) {
      it(`refuses the key ${JSON.stringify(key)} with MEDIA_KEY_INVALID`, async () => {
        const error = await rejection(subject.storage.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }));
        expect(isMediaError(error, 'MEDIA_KEY_INVALID')).to.equal(true);
        expect(isMediaError(await rejection(subject.storage.open(key)), 'MEDIA_KEY_INVALID')).to.equal(true);
        expect(isMediaError(await rejection(subject.storage.delete(key)), 'MEDIA_KEY_INVALID')).to.equal(true);
      });
    }
  });
}

describe('DiskMediaStorage temp files', () => {
  it('sweeps temp files a crash left behind, and only old ones', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'ecarnet-media-'));
    try {
      const storage = new DiskMediaStorage(root);
      await mkdir(path.join(root, '.tmp'));
      await writeFile(path.join(root, '.tmp', 'crashed'), 'partial');
      expect(await storage.removeStaleTempFiles(60_000, Date.now() + 120_000)).to.equal(1);
      await writeFile(path.join(root, '.tmp', 'in-flight'), 'partial');
      expect(await storage.removeStaleTempFiles(60_000)).to.equal(0);
      expect(await filesUnder(root)).to.deep.equal(['.tmp/in-flight']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
