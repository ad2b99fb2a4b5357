import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startServerProcess, stopProcess } from './harness.js';

const MB = 1024 * 1024;
const VIDEO_BYTES = Number(process.env.BENCH_VIDEO_MB ?? 300) * MB;
/** The target: the server's peak RSS rises by less than this during the upload. */
const TARGET_RISE = 64 * MB;
const BOUNDARY = 'ecarnetBenchBoundary';

/** A multipart body with one MP4-typed file of `bytes` (valid `ftyp`, then zeros), generated as it is sent. */
function multipartVideo(bytes: number): { body: Readable; length: number } {
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="video"; filename="spectacle.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isommp41')]);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const filler = Buffer.alloc(64 * 1024);
  async function* generate(): AsyncGenerator<Buffer> {
    yield head;
    yield ftyp;
    let left = bytes - ftyp.length;
    while (left > 0) {
      const size = Math.min(filler.length, left);
      yield size === filler.length ? filler : filler.subarray(0, size);
      left -= size;
    }
    yield tail;
  }
  return { body: Readable.from(generate(), { objectMode: false }), length: head.length + bytes + tail.length };
}

async function call(url: string, method: string, body?: { body: Readable; length: number }): Promise<{ status: number; json: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method,
      headers: body ? { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(body.length) } : {},
    });
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || '{}') as Record<string, number> }));
    });
    if (body) pipeline(body.body, req).catch(reject);
    else req.end();
  });
}

async function startServer(mode: 'pipeline' | 'raw', root: string): Promise<{ url: string; child: ChildProcess }> {
  const { url, process: child } = await startServerProcess('media-upload-server.ts', {}, { nodeFlags: ['--expose-gc'], args: [mode, root] });
  return { url, child };
}

interface UploadFigures {
  readonly seconds: number;
  /** Peak RSS during the upload minus the post-GC RSS before it. */
  readonly rise: number;
  /** How far the upload pushed getrusage's lifetime high-water mark (0: it stayed below it). */
  readonly maxRssGrowth: number;
}

/** Warm-up upload (20 MB), reset the server's counters, then the measured upload. */
async function measure(mode: 'pipeline' | 'raw', root: string): Promise<UploadFigures> {
  const { url, child } = await startServer(mode, root);
  try {
    const warm = await call(`${url}/upload`, 'POST', multipartVideo(20 * MB));
    if (warm.status !== 200) throw new Error(`warm-up upload failed: ${JSON.stringify(warm.json)}`);
    await call(`${url}/reset`, 'POST');
    const started = performance.now();
    const upload = await call(`${url}/upload`, 'POST', multipartVideo(VIDEO_BYTES));
    const seconds = (performance.now() - started) / 1000;
    if (upload.status !== 200) throw new Error(`upload failed: ${JSON.stringify(upload.json)}`);
    const stats = (await call(`${url}/stats`, 'GET')).json as { baseline: number; peak: number; maxRssBefore: number; maxRssAfter: number };
    return { seconds, rise: stats.peak - stats.baseline, maxRssGrowth: stats.maxRssAfter - stats.maxRssBefore };
  } finally {
    await stopProcess(child);
  }
}

/**
 * Benchmark: a 300 MB MP4-typed body uploaded over HTTP through receiveMultipartMedia to disk
 * storage, against the raw baseline `pipeline(req, fs.createWriteStream)`. Each runs in its own
 * server process (so neither's heap or page cache bookkeeping counts for the other), warmed up
 * by a 20 MB upload. The figure is the rise of that process's RSS above its post-GC baseline,
 * sampled every 2 ms by a worker thread (not starved by the busy event loop); the growth of
 * getrusage's maxRSS during the upload is printed as a cross-check. Target: rise < 64 MB.
 */
export async function benchVideoUpload(): Promise<boolean> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ecarnet-bench-upload-'));
  try {
    const subject = await measure('pipeline', root);
    const baseline = await measure('raw', root);
    const line = (name: string, figures: UploadFigures) =>
      `  ${name.padEnd(40)} ${(VIDEO_BYTES / MB / figures.seconds).toFixed(0).padStart(5)} MB/s   peak RSS rise ${(figures.rise / MB).toFixed(1).padStart(5)} MB   maxRSS growth ${(figures.maxRssGrowth / MB).toFixed(1).padStart(5)} MB`;
    const met = subject.rise < TARGET_RISE;
    process.stdout.write(
      `\nVideo upload: ${VIDEO_BYTES / MB} MB multipart body over HTTP to disk (server in its own process, after a 20 MB warm-up)\n` +
        `${line('receiveMultipartMedia → DiskMediaStorage', subject)}\n${line('raw pipeline(req, createWriteStream)', baseline)}\n` +
        `  target RSS rise < ${TARGET_RISE / MB} MB — ${met ? 'met' : 'NOT met'}\n`,
    );
    return met;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
