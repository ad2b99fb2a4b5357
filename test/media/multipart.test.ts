import { expect } from 'chai';
import express from 'express';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { MediaError } from '../../src/media/errors.js';
import { DEFAULT_MEDIA_LIMITS, type MediaLimits } from '../../src/media/limits.js';
import { receiveMultipartMedia } from '../../src/media/multipart.js';
import { BACKENDS, type StorageUnderTest } from './backends.js';
import { exeBytes, jpegWithGpsAndOrientation, mp4Bytes, pdfBytes } from './fixtures.js';

const LIMITS: MediaLimits = { ...DEFAULT_MEDIA_LIMITS, maxFilesPerRequest: 3 };

/** A minimal app with the upload route as the portfolio will have it; records each outcome. */
function uploadApp(subject: StorageUnderTest, quota: { bytes: number }, outcomes: Array<MediaError | 'ok'>) {
  const app = express();
  app.post('/upload', async (req, res) => {
    try {
      const form = await receiveMultipartMedia(req, { storage: subject.storage, keyPrefix: 'schools/s1/entries', limits: LIMITS, remainingQuotaBytes: quota.bytes });
      outcomes.push('ok');
      res.json(form);
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      outcomes.push(error);
      res.status(error.httpStatus).json({ error: { code: error.code } });
    }
  });
  return app;
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const backend of BACKENDS) {
  describe(`receiveMultipartMedia over HTTP: ${backend.name}`, function () {
    this.timeout(30_000);
    let subject: StorageUnderTest;
    let photo: Buffer;
    const quota = { bytes: 1024 * 1024 * 1024 };
    const outcomes: Array<MediaError | 'ok'> = [];
    let server: Server;
    let agent: ReturnType<typeof supertest>;

    before(async () => {
      subject = await backend.start();
      photo = await jpegWithGpsAndOrientation(1000, 500);
      server = uploadApp(subject, quota, outcomes).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      agent = supertest(server);
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await subject.stop();
    });
    const reset = () => {
      quota.bytes = 1024 * 1024 * 1024;
      outcomes.length = 0;
    };

    it('stores every file and returns the text fields; user file names stay out of the keys', async () => {
      reset();
      const response = await agent
        .post('/upload')
        .field('caption', 'Sortie à l’écluse')
        .field('tag', 'sortie')
        .field('tag', 'cm1')
        .attach('files', photo, { filename: 'Élodie à la piscine.jpg', contentType: 'image/jpeg' })
        .attach('files', mp4Bytes(300 * 1024), { filename: 'vidéo.mp4', contentType: 'video/mp4' })
        .attach('empty', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' })
        .expect(200);
      const body = response.body as { files: Array<{ kind: string; fileName: string; keys: Record<string, string | null> }>; fields: Record<string, unknown> };
      expect(body.fields).to.deep.equal({ caption: 'Sortie à l’écluse', tag: ['sortie', 'cm1'] });
      expect(body.files.map((file) => [file.kind, file.fileName])).to.deep.equal([['photo', 'Élodie à la piscine.jpg'], ['video', 'vidéo.mp4']]);
      const stored = (await subject.everything()).filter((name) => !name.startsWith('.tmp'));
      expect(stored).to.have.length(4);
      expect(stored.join(' ')).to.not.match(/lodie|vid/);
      for (const file of body.files) for (const key of Object.values(file.keys)) if (key) await subject.storage.delete(key);
    });

    const failures: Array<[string, (test: supertest.Test) => supertest.Test, number, string, () => void]> = [
      ['too many files', (test) => test.attach('a', pdfBytes(), 'a.pdf').attach('b', pdfBytes(), 'b.pdf').attach('c', pdfBytes(), 'c.pdf').attach('d', pdfBytes(), 'd.pdf'), 413, 'MEDIA_TOO_MANY_FILES', () => undefined],
      ['a good photo then an .exe', (test) => test.attach('a', photo, 'photo.jpg').attach('b', exeBytes(), 'photo2.jpg'), 415, 'MEDIA_TYPE_UNSUPPORTED', () => undefined],
      ['a second file beyond the quota', (test) => test.attach('a', pdfBytes(), 'a.pdf').attach('b', mp4Bytes(100 * 1024), 'b.mp4'), 413, 'MEDIA_QUOTA_EXCEEDED', () => {
        quota.bytes = 50 * 1024;
      }],
      ['51 text fields', (test) => {
        for (let index = 0; index < 51; index += 1) test.field(`f${index}`, 'x');
        return test.attach('a', pdfBytes(), 'a.pdf');
      }, 413, 'MEDIA_TOO_MANY_FIELDS', () => undefined],
      ['a 65 KiB text field', (test) => test.attach('a', pdfBytes(), 'a.pdf').field('caption', 'x'.repeat(65 * 1024)), 413, 'MEDIA_FIELD_TOO_LARGE', () => undefined],
    ];
    for (const [name, build, status, code, setUp] of failures) {
      it(`refuses ${name} with ${code} and deletes what the request had stored`, async () => {
        reset();
        setUp();
        const response = await build(agent.post('/upload')).expect(status);
        expect(response.body).to.deep.equal({ error: { code } });
        expect(await subject.everything()).to.deep.equal([]);
      });
    }

    it('refuses a body that is not multipart with MEDIA_FORM_INVALID', async () => {
      reset();
      const response = await agent.post('/upload').send({ file: 'x' }).expect(400);
      expect(response.body).to.deep.equal({ error: { code: 'MEDIA_FORM_INVALID' } });
    });

    it('reports MEDIA_UPLOAD_INTERRUPTED when the body ends before the closing boundary', async () => {
      reset();
      const boundary = 'xBOUNDARYx';
      const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="v.mp4"\r\nContent-Type: video/mp4\r\n\r\n`), mp4Bytes(64 * 1024)]);
      const response = await agent.post('/upload').set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body).expect(400);
      expect(response.body).to.deep.equal({ error: { code: 'MEDIA_UPLOAD_INTERRUPTED' } });
      expect(await subject.everything()).to.deep.equal([]);
    });

    it('deletes the partial object when the client aborts mid-upload', async () => {
      reset();
      const boundary = 'xBOUNDARYx';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="long.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
      const { port } = server.address() as AddressInfo;
      const client = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/upload',
        headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(head.length + 100 * 1024 * 1024) },
      });
      client.on('error', () => undefined);
      client.write(head);
      client.write(mp4Bytes(0));
      // Send 7 MB of the announced 100 MB (past one 5 MB S3 part), wait until storage holds part
      // of it, then drop the connection.
      for (let index = 0; index < 112; index += 1) client.write(Buffer.alloc(64 * 1024));
      if (backend.name === 'disk') await waitFor(async () => (await subject.everything()).length > 0);
      else await new Promise((resolve) => setTimeout(resolve, 600));
      client.destroy();
      await waitFor(() => outcomes.length > 0);
      const outcome = outcomes[0];
      expect(outcome instanceof MediaError && outcome.code).to.equal('MEDIA_UPLOAD_INTERRUPTED');
      expect(await subject.everything()).to.deep.equal([]);
    });
  });
}
