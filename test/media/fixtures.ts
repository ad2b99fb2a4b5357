import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { TestS3Server } from '../support/s3-server.js';

/** EXIF GPS block of the Paris town hall, to prove it never reaches storage. */
export const GPS_EXIF = { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } };

/** Whether an EXIF block holds a GPS IFD pointer (tag 0x8825, either byte order). */
export function hasGpsIfd(exif: Buffer | undefined): boolean {
  return exif !== undefined && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

/** A landscape JPEG (400×200) whose EXIF says "rotate 90°" (orientation 6) and carries GPS. */
export async function jpegWithGpsAndOrientation(width = 400, height = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c0392b' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneCam', Model: 'Test' }, ...GPS_EXIF })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A real 20000×10000 PNG of one colour: 200 MP, about 600 KB. */
export async function pixelFloodPng(): Promise<Buffer> {
  return sharp({ create: { width: 20000, height: 10000, channels: 3, background: '#3366aa' } }).png({ compressionLevel: 9 }).toBuffer();
}

function ftyp(brand: string, compatible: string): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 8 + 8 + compatible.length]), Buffer.from(`ftyp${brand}`), Buffer.from([0, 0, 2, 0]), Buffer.from(compatible)]);
}

/** An ISO BMFF file with an `ftyp` box of brand `isom` (MP4), followed by `filler` zero bytes. */
export function mp4Bytes(filler = 2048): Buffer {
  return Buffer.concat([ftyp('isom', 'isommp41'), Buffer.alloc(filler)]);
}

/** The same container, brand `M4A ` (an iPhone voice memo). */
export function m4aBytes(): Buffer {
  return Buffer.concat([ftyp('M4A ', 'M4A mp42isom'), Buffer.alloc(1024)]);
}

/** An ISO BMFF header of brand `heic`: what an iPhone photo starts with. */
export function heicBytes(): Buffer {
  return Buffer.concat([ftyp('heic', 'mif1heic'), Buffer.alloc(1024)]);
}

/** An EBML header with DocType `webm`. */
export function webmBytes(): Buffer {
  const body = Buffer.concat([
    Buffer.from([0x42, 0x86, 0x81, 1, 0x42, 0xf7, 0x81, 1, 0x42, 0xf2, 0x81, 4, 0x42, 0xf3, 0x81, 8, 0x42, 0x82, 0x84]),
    Buffer.from('webm'),
    Buffer.from([0x42, 0x87, 0x81, 4, 0x42, 0x85, 0x81, 2]),
  ]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length]), body, Buffer.alloc(1024)]);
}

export function mp3Bytes(): Buffer {
  return Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(1024)]);
}

export function oggOpusBytes(): Buffer {
  return Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24), Buffer.from('OpusHead'), Buffer.alloc(1024)]);
}

export function wavBytes(): Buffer {
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from([36, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(1024)]);
}

export function pdfBytes(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
}

/** A Windows executable (MZ header), to be uploaded as "photo.jpg". */
export function exeBytes(): Buffer {
  return Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510)]);
}

export function svgWithScript(): Buffer {
  return Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/api/v1/me")</script></svg>');
}

/** A readable of `buffer` in chunks of `chunkSize`, like a network upload. */
export function chunked(buffer: Buffer, chunkSize = 16 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += chunkSize) chunks.push(buffer.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

/** A stream that sends `bytes` of `head` + zeros, then fails as a dropped connection would. */
export function failingAfter(head: Buffer, bytes: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytes) {
        this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        return;
      }
      const chunk = sent === 0 ? head : Buffer.alloc(Math.min(16 * 1024, bytes - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

/** Every file under `root` (temp files included), as paths relative to it. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/** Every object key in the test bucket. */
export async function objectsIn(server: TestS3Server): Promise<string[]> {
  const client = new S3Client({
    region: server.region,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
  });
  try {
    const listing = await client.send(new ListObjectsV2Command({ Bucket: server.bucket }));
    return (listing.Contents ?? []).map((object) => object.Key ?? '');
  } finally {
    client.destroy();
  }
}
