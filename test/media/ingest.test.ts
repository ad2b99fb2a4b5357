import { expect } from 'chai';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { isMediaError, type MediaErrorCode } from '../../src/media/errors.js';
import { ingestMedia, type IngestOptions } from '../../src/media/ingest.js';
import { DEFAULT_MEDIA_LIMITS, type MediaLimits } from '../../src/media/limits.js';
import { storedMimeTypeOfKey } from '../../src/media/media-types.js';
import { BACKENDS, type StorageUnderTest } from './backends.js';
import {
  chunked, exeBytes, failingAfter, hasGpsIfd, heicBytes, jpegWithGpsAndOrientation, m4aBytes, mp3Bytes, mp4Bytes,
  oggOpusBytes, pdfBytes, pixelFloodPng, svgWithScript, wavBytes, webmBytes,
} from './fixtures.js';

const LIMITS: MediaLimits = { ...DEFAULT_MEDIA_LIMITS, maxVideoBytes: 256 * 1024, maxPhotoBytes: 4 * 1024 * 1024 };
const QUOTA = 1024 * 1024 * 1024;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

for (const backend of BACKENDS) {
  describe(`ingestMedia: ${backend.name}`, function () {
    this.timeout(30_000);
    let subject: StorageUnderTest;
    let flood: Buffer;
    const options = (extra: Partial<IngestOptions> = {}): IngestOptions => ({
      storage: subject.storage,
      keyPrefix: 'schools/s1/entries',
      limits: LIMITS,
      remainingQuotaBytes: QUOTA,
      ...extra,
    });

    before(async () => {
      subject = await backend.start();
      flood = await pixelFloodPng();
    });
    after(async () => {
      await subject.stop();
    });

    it('re-encodes a photo upright, without EXIF or GPS, with a screen rendition and a thumbnail', async () => {
      const upload = await jpegWithGpsAndOrientation(2400, 1200);
      const before = await sharp(upload).metadata();
      expect(before.orientation).to.equal(6);
      expect(hasGpsIfd(before.exif)).to.equal(true);

      const media = await ingestMedia(chunked(upload), options({ declaredMimeType: 'image/jpeg' }));
      expect(media).to.include({ kind: 'photo', mimeType: 'image/jpeg', extension: 'jpg', width: 1200, height: 2400 });
      expect(media.keys.original).to.match(/^schools\/s1\/entries\/[0-9a-f-]{36}\.jpg$/);
      expect(media.renditionMimeTypes).to.deep.equal({ screen: 'image/jpeg', thumbnail: 'image/webp' });
      expect([storedMimeTypeOfKey(media.keys.screen!), storedMimeTypeOfKey(media.keys.thumbnail!)]).to.deep.equal(['image/jpeg', 'image/webp']);
      const sizes: Record<string, [number, number]> = {};
      let stored = 0;
      for (const [name, key] of Object.entries(media.keys)) {
        const bytes = await readAll(await subject.storage.open(key!));
        stored += bytes.length;
        const metadata = await sharp(bytes).metadata();
        expect(metadata.exif, `${name} has EXIF`).to.equal(undefined);
        expect(metadata.xmp, `${name} has XMP`).to.equal(undefined);
        expect(metadata.orientation ?? 1, `${name} orientation`).to.equal(1);
        expect(metadata.space).to.equal('srgb');
        sizes[name] = [metadata.width, metadata.height];
      }
      expect(sizes).to.deep.equal({ original: [1200, 2400], screen: [800, 1600], thumbnail: [160, 320] });
      expect(media.storedBytes).to.equal(stored);
      expect(media.bytes).to.equal((await subject.storage.stat(media.keys.original))!.bytes);
      for (const key of Object.values(media.keys)) await subject.storage.delete(key!);
      expect(await subject.everything()).to.deep.equal([]);
    });

    it('converts a Display P3 photo to sRGB and tags it so', async () => {
      const p3 = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#20c040' } }).jpeg().withIccProfile('p3').toBuffer();
      // Profile descriptions are UTF-16 ("sP3", "sRGB"): compare without the zero bytes.
      const described = (icc: Buffer | undefined) => icc?.toString('latin1').replace(/\0/g, '') ?? '';
      expect(described((await sharp(p3).metadata()).icc)).to.include('sP3');
      const media = await ingestMedia(chunked(p3), options());
      for (const key of Object.values(media.keys)) {
        const icc = described((await sharp(await readAll(await subject.storage.open(key!))).metadata()).icc);
        expect(icc).to.include('sRGB').and.not.include('sP3');
        await subject.storage.delete(key!);
      }
    });

    it('decodes an AVIF photo and stores it as JPEG', async () => {
      const avif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#123456' } }).avif().toBuffer();
      const media = await ingestMedia(chunked(avif), options({ declaredMimeType: 'image/avif' }));
      expect(media).to.include({ kind: 'photo', mimeType: 'image/jpeg', width: 64, height: 48 });
      for (const key of Object.values(media.keys)) await subject.storage.delete(key!);
    });

    it('keeps PNG as PNG and never enlarges a small photo', async () => {
      const png = await sharp({ create: { width: 100, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
      const media = await ingestMedia(chunked(png), options());
      expect(media).to.include({ mimeType: 'image/png', width: 100, height: 80 });
      const thumbnail = await sharp(await readAll(await subject.storage.open(media.keys.thumbnail!))).metadata();
      expect([thumbnail.width, thumbnail.height, thumbnail.hasAlpha]).to.deep.equal([100, 80, true]);
      for (const key of Object.values(media.keys)) await subject.storage.delete(key!);
    });

    const streamed: Array<[string, () => Buffer, string | undefined, { kind: string; mimeType: string; extension: string }]> = [
      ['an MP4 video', () => mp4Bytes(), 'video/mp4', { kind: 'video', mimeType: 'video/mp4', extension: 'mp4' }],
      ['a WebM video', () => webmBytes(), 'video/webm', { kind: 'video', mimeType: 'video/webm', extension: 'webm' }],
      ['a WebM voice note', () => webmBytes(), 'audio/webm;codecs=opus', { kind: 'audio', mimeType: 'audio/webm', extension: 'weba' }],
      ['an M4A voice memo', () => m4aBytes(), 'audio/x-m4a', { kind: 'audio', mimeType: 'audio/mp4', extension: 'm4a' }],
      ['an MP3', () => mp3Bytes(), 'audio/mpeg', { kind: 'audio', mimeType: 'audio/mpeg', extension: 'mp3' }],
      ['an Ogg Opus', () => oggOpusBytes(), undefined, { kind: 'audio', mimeType: 'audio/ogg', extension: 'opus' }],
      ['a WAV', () => wavBytes(), 'audio/wav', { kind: 'audio', mimeType: 'audio/wav', extension: 'wav' }],
      ['a PDF', () => pdfBytes(), 'application/octet-stream', { kind: 'document', mimeType: 'application/pdf', extension: 'pdf' }],
    ];
    for (const [name, bytes, declared, expected] of streamed) {
      it(`stores ${name} byte for byte`, async () => {
        const body = bytes();
        const media = await ingestMedia(chunked(body, 1000), options(declared ? { declaredMimeType: declared } : {}));
        expect(media).to.include({ ...expected, bytes: body.length, storedBytes: body.length, width: null, height: null });
        expect(media.keys.screen).to.equal(null);
        expect(storedMimeTypeOfKey(media.keys.original)).to.equal(expected.mimeType);
        expect((await readAll(await subject.storage.open(media.keys.original))).equals(body)).to.equal(true);
        await subject.storage.delete(media.keys.original);
      });
    }

    const refused: Array<[string, () => Promise<Readable> | Readable, MediaErrorCode, Partial<IngestOptions>?]> = [
      ['an .exe named photo.jpg', () => chunked(exeBytes()), 'MEDIA_TYPE_UNSUPPORTED', { declaredMimeType: 'image/jpeg' }],
      ['a JPEG declared as a video', async () => chunked(await jpegWithGpsAndOrientation()), 'MEDIA_TYPE_MISMATCH', { declaredMimeType: 'video/mp4' }],
      ['a video where only audio is accepted', () => chunked(mp4Bytes()), 'MEDIA_TYPE_MISMATCH', { accept: ['audio'] }],
      ['a truncated JPEG', async () => {
        const whole = await jpegWithGpsAndOrientation(800, 600);
        return chunked(whole.subarray(0, Math.floor(whole.length / 2)));
      }, 'MEDIA_CORRUPT'],
      ['a JPEG header followed by garbage', () => chunked(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5000, 0x41)])), 'MEDIA_CORRUPT'],
      ['zero bytes', () => Readable.from([]), 'MEDIA_EMPTY'],
      ['a 200 MP PNG (20000×10000)', () => chunked(flood), 'MEDIA_PIXEL_FLOOD'],
      ['an SVG with a script', () => chunked(svgWithScript()), 'MEDIA_TYPE_UNSUPPORTED', { declaredMimeType: 'image/svg+xml' }],
      ['a HEIC photo (no HEVC decoder)', () => chunked(heicBytes()), 'MEDIA_HEIC_UNSUPPORTED', { declaredMimeType: 'image/heic' }],
      ['an oversized video', () => chunked(mp4Bytes(300 * 1024)), 'MEDIA_TOO_LARGE'],
      ['an oversized photo', () => chunked(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(5 * 1024 * 1024)])), 'MEDIA_TOO_LARGE'],
      ['a video that exceeds the quota mid-stream', () => chunked(mp4Bytes(200 * 1024)), 'MEDIA_QUOTA_EXCEEDED', { remainingQuotaBytes: 100 * 1024 }],
      ['a photo whose renditions exceed the quota', async () => chunked(await jpegWithGpsAndOrientation()), 'MEDIA_QUOTA_EXCEEDED', { remainingQuotaBytes: 1000 }],
      ['a key prefix that escapes the storage root', () => chunked(pdfBytes()), 'MEDIA_KEY_INVALID', { keyPrefix: '../elsewhere' }],
      ['any file once the quota is spent', () => chunked(pdfBytes()), 'MEDIA_QUOTA_EXCEEDED', { remainingQuotaBytes: 0 }],
      ['a video upload cut off halfway', () => failingAfter(mp4Bytes(0), 100 * 1024), 'MEDIA_UPLOAD_INTERRUPTED'],
      ['a photo upload cut off halfway', async () => failingAfter((await jpegWithGpsAndOrientation()).subarray(0, 500), 20 * 1024), 'MEDIA_UPLOAD_INTERRUPTED'],
    ];
    for (const [name, input, code, extra] of refused) {
      it(`refuses ${name} with ${code} and stores nothing`, async () => {
        let caught: unknown;
        try {
          await ingestMedia(await input(), options(extra));
        } catch (error) {
          caught = error;
        }
        expect(isMediaError(caught, code), String(caught)).to.equal(true);
        expect(await subject.everything()).to.deep.equal([]);
      });
    }

    it('refuses a multipart-sized video over the quota on the multipart path and leaves no object', async () => {
      let caught: unknown;
      try {
        await ingestMedia(chunked(mp4Bytes(12 * 1024 * 1024), 64 * 1024), options({ limits: DEFAULT_MEDIA_LIMITS, remainingQuotaBytes: 7 * 1024 * 1024 }));
      } catch (error) {
        caught = error;
      }
      expect(isMediaError(caught, 'MEDIA_QUOTA_EXCEEDED'), String(caught)).to.equal(true);
      expect(await subject.everything()).to.deep.equal([]);
    });
  });
}
