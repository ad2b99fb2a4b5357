import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { DiskMediaStorage } from '../src/media/disk-storage.js';
import { ingestMedia } from '../src/media/ingest.js';
import { DEFAULT_MEDIA_LIMITS } from '../src/media/limits.js';

/** The target for one 12 MP photo: stripped original + screen + thumbnail. */
const TARGET_P50_MS = 300;
const ROUNDS = Number(process.env.BENCH_PHOTO_ROUNDS ?? 15);

/**
 * A 4000×3000 JPEG of Gaussian noise (about 4 MB, like a phone photo of foliage) with EXIF GPS and
 * orientation, sRGB-tagged like most Android photos (a Display P3 one adds ~40 ms of conversion).
 */
async function phonePhoto(): Promise<Buffer> {
  const noise = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(noise.data, { raw: noise.info })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'PhoneCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** The raw baseline: the same three sharp operations, straight to buffers, no sniffing or storage. */
async function rawSharp(photo: Buffer): Promise<void> {
  const base = sharp(photo).rotate();
  await Promise.all([
    base.clone().jpeg({ quality: 88, optimiseCoding: false }).toBuffer(),
    base.clone().resize(1600, 1600, { fit: 'inside' }).jpeg({ quality: 80 }).toBuffer(),
    base.clone().resize(320, 320, { fit: 'inside' }).webp({ quality: 75 }).toBuffer(),
  ]);
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * Benchmark: ingest a 12 MP phone JPEG (sniff, decode, strip EXIF/GPS, re-encode full size,
 * 1600 px and 320 px renditions, three writes to disk storage) against the raw baseline (the same
 * three sharp operations alone), alternating, after a warm-up. Target p50 ≤ 300 ms.
 */
export async function benchPhotoIngest(): Promise<boolean> {
  const photo = await phonePhoto();
  const root = await mkdtemp(path.join(os.tmpdir(), 'ecarnet-bench-photo-'));
  const storage = new DiskMediaStorage(root);
  const ingestOnce = async () => {
    const media = await ingestMedia(Readable.from([photo]), { storage, keyPrefix: 'bench', limits: DEFAULT_MEDIA_LIMITS, remainingQuotaBytes: Number.MAX_SAFE_INTEGER });
    for (const key of Object.values(media.keys)) if (key) await storage.delete(key);
  };
  try {
    for (let warmup = 0; warmup < 2; warmup += 1) {
      await ingestOnce();
      await rawSharp(photo);
    }
    const subject: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      subject.push(await timed(ingestOnce));
      baseline.push(await timed(() => rawSharp(photo)));
    }
    const p50 = percentile(subject, 0.5);
    const line = (name: string, values: number[]) =>
      `  ${name.padEnd(40)} p50 ${percentile(values, 0.5).toFixed(0).padStart(4)} ms   p95 ${percentile(values, 0.95).toFixed(0).padStart(4)} ms`;
    process.stdout.write(
      `\nPhoto ingest: 4000×3000 JPEG, ${(photo.length / 1e6).toFixed(1)} MB with EXIF GPS (${ROUNDS} alternating rounds after warm-up)\n` +
        `${line('ingestMedia → disk (3 renditions)', subject)}\n${line('raw sharp, same 3 operations', baseline)}\n` +
        `  overhead of the pipeline at p50: ${(p50 - percentile(baseline, 0.5)).toFixed(0)} ms\n` +
        `  target p50 ≤ ${TARGET_P50_MS} ms — ${p50 <= TARGET_P50_MS ? 'met' : 'NOT met'}\n`,
    );
    return p50 <= TARGET_P50_MS;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
