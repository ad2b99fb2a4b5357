import { expect } from 'chai';
import express from 'express';
import { Readable } from 'node:stream';
import supertest from 'supertest';
import { contentDisposition } from '../../src/media/content-disposition.js';
import { MediaError } from '../../src/media/errors.js';
import { parseRange } from '../../src/media/http-range.js';
import { sendStoredMedia } from '../../src/media/send-stored-media.js';
import { BACKENDS, type StorageUnderTest } from './backends.js';

const BODY = Buffer.from('0123456789abcdefghij'); // 20 bytes

function binary(response: supertest.Response): Buffer {
  return response.body as Buffer;
}

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987)', () => {
    expect(contentDisposition('inline', 'Élodie à l’école.jpg')).to.equal(
      `inline; filename="Elodie a l_ecole.jpg"; filename*=UTF-8''%C3%89lodie%20%C3%A0%20l%E2%80%99%C3%A9cole.jpg`,
    );
  });
  it('neutralises quotes, paths and control characters', () => {
    expect(contentDisposition('attachment', '../"bad"\r\nname\\x(1).pdf')).to.equal(`attachment; filename="x(1).pdf"; filename*=UTF-8''x%281%29.pdf`);
    expect(contentDisposition('attachment', 'a"b%.pdf')).to.equal(`attachment; filename="a_b_.pdf"; filename*=UTF-8''a%22b%25.pdf`);
    expect(contentDisposition('inline', '')).to.equal(`inline; filename="fichier"; filename*=UTF-8''fichier`);
  });
});

describe('parseRange', () => {
  const cases: Array<[string | undefined, ReturnType<typeof parseRange>]> = [
    [undefined, { kind: 'whole' }],
    ['bytes=0-4', { kind: 'partial', range: { start: 0, end: 4 } }],
    ['bytes=15-', { kind: 'partial', range: { start: 15, end: 19 } }],
    ['bytes=-5', { kind: 'partial', range: { start: 15, end: 19 } }],
    ['bytes=-50', { kind: 'partial', range: { start: 0, end: 19 } }],
    ['bytes=10-999', { kind: 'partial', range: { start: 10, end: 19 } }],
    ['bytes=20-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-2', { kind: 'whole' }],
    ['bytes=0-1,5-6', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
  ];
  for (const [header, expected] of cases) {
    it(`${header ?? '(none)'} on 20 bytes`, () => expect(parseRange(header, 20)).to.deep.equal(expected));
  }
});

for (const backend of BACKENDS) {
  describe(`sendStoredMedia: ${backend.name}`, function () {
    this.timeout(30_000);
    let subject: StorageUnderTest;
    let agent: ReturnType<typeof supertest>;

    before(async () => {
      subject = await backend.start();
      await subject.storage.put('m/clip.mp4', Readable.from([BODY]), { contentType: 'video/mp4' });
      await subject.storage.put('m/doc.pdf', Readable.from([Buffer.from('%PDF-1.4')]), { contentType: 'application/pdf' });
      const app = express();
      app.get('/media/:name', async (req, res) => {
        const pdf = req.params.name === 'doc.pdf';
        try {
          await sendStoredMedia(req, res, {
            storage: subject.storage,
            key: `m/${req.params.name}`,
            mimeType: pdf ? 'application/pdf' : 'video/mp4',
            fileName: pdf ? 'Bulletin de l’élève.pdf' : 'Spectacle de fin d’année.mp4',
            ...(pdf ? { disposition: 'attachment' as const } : {}),
          });
        } catch (error) {
          if (!(error instanceof MediaError)) throw error;
          res.status(error.httpStatus).json({ error: { code: error.code } });
        }
      });
      agent = supertest(app);
    });
    after(async () => {
      await subject.stop();
    });

    it('sends the whole object with safe headers', async () => {
      const response = await agent.get('/media/clip.mp4').expect(200);
      expect(response.headers).to.include({
        'content-type': 'video/mp4',
        'content-length': '20',
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
        'accept-ranges': 'bytes',
      });
      expect(response.headers['content-disposition']).to.equal(`inline; filename="Spectacle de fin d_annee.mp4"; filename*=UTF-8''Spectacle%20de%20fin%20d%E2%80%99ann%C3%A9e.mp4`);
      expect(response.headers['content-security-policy']).to.equal(undefined);
      expect(binary(response).equals(BODY)).to.equal(true);
    });

    it('answers a byte range with 206 and Content-Range', async () => {
      const response = await agent.get('/media/clip.mp4').set('Range', 'bytes=5-9').expect(206);
      expect(response.headers).to.include({ 'content-range': 'bytes 5-9/20', 'content-length': '5' });
      expect(binary(response).toString()).to.equal('56789');
      const tail = await agent.get('/media/clip.mp4').set('Range', 'bytes=-3').expect(206);
      expect(tail.headers['content-range']).to.equal('bytes 17-19/20');
      expect(binary(tail).toString()).to.equal('hij');
    });

    it('answers an unsatisfiable range with 416 and the size', async () => {
      const response = await agent.get('/media/clip.mp4').set('Range', 'bytes=20-30').expect(416);
      expect(response.headers['content-range']).to.equal('bytes */20');
    });

    it('sandboxes PDFs and sends them as attachments when asked', async () => {
      const response = await agent.get('/media/doc.pdf').expect(200);
      expect(response.headers['content-security-policy']).to.equal('sandbox');
      expect(response.headers['content-disposition']).to.match(/^attachment; filename="Bulletin de l_eleve.pdf"; filename\*=UTF-8''Bulletin%20de%20l%E2%80%99%C3%A9l%C3%A8ve.pdf$/);
    });

    it('answers HEAD with headers only', async () => {
      const response = await agent.head('/media/clip.mp4').expect(200);
      expect(response.headers['content-length']).to.equal('20');
    });

    it('rejects a missing object with MEDIA_NOT_FOUND before sending anything', async () => {
      const response = await agent.get('/media/gone.mp4').expect(404);
      expect(response.body).to.deep.equal({ error: { code: 'MEDIA_NOT_FOUND' } });
    });
  });
}
