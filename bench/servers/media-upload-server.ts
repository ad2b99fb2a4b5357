/*
 * The server side of the video upload benchmark, run in its own process so its memory is its
 * own: `tsx bench/servers/media-upload-server.ts pipeline|raw <storage root>`. Prints `listening <url>`.
 *   POST /upload  pipeline: receiveMultipartMedia → DiskMediaStorage (then deletes what it stored)
 *                 raw:      pipeline(req, fs.createWriteStream(file)) (then deletes the file)
 *   POST /reset   starts a measurement: after a GC, baseline RSS = current RSS, peak = baseline
 *   GET  /stats   { baseline, peak, maxRssBefore, maxRssAfter } in bytes
 * RSS (process-wide) is sampled every 2 ms by a worker thread, whose event loop the upload does not
 * block, into a SharedArrayBuffer. getrusage's maxRSS (the kernel's exact high-water mark since
 * the process started) is reported before and after as a cross-check: it only moves if the
 * upload goes above every earlier peak, tsx's start-up compilation included.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DiskMediaStorage } from '../../src/media/disk-storage.js';
import { DEFAULT_MEDIA_LIMITS } from '../../src/media/limits.js';
import { receiveMultipartMedia } from '../../src/media/multipart.js';

const [mode, root] = process.argv.slice(2);
if ((mode !== 'pipeline' && mode !== 'raw') || !root) {
  process.stderr.write('usage: media-upload-server.ts pipeline|raw <root>\n');
  process.exit(2);
}
const storage = new DiskMediaStorage(root);
const limits = { ...DEFAULT_MEDIA_LIMITS, maxVideoBytes: 1024 * 1024 * 1024 };

const peakCell = new BigInt64Array(new SharedArrayBuffer(8));
const sampler = new Worker(
  `const { workerData } = require('node:worker_threads');
   const peak = new BigInt64Array(workerData);
   setInterval(() => {
     const rss = BigInt(process.memoryUsage.rss());
     if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
   }, 2);`,
  { eval: true, workerData: peakCell.buffer },
);
sampler.unref();
let baseline = process.memoryUsage.rss();
let maxRssBefore = process.resourceUsage().maxRSS * 1024;
Atomics.store(peakCell, 0, BigInt(baseline));

const gc = (globalThis as { gc?: () => void }).gc;

const server = createServer((req, res) => {
  const done = (status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  if (req.method === 'POST' && req.url === '/reset') {
    gc?.();
    baseline = process.memoryUsage.rss();
    maxRssBefore = process.resourceUsage().maxRSS * 1024;
    Atomics.store(peakCell, 0, BigInt(baseline));
    req.resume();
    done(200, { baseline });
    return;
  }
  if (req.method === 'GET' && req.url === '/stats') {
    const peak = Math.max(Number(Atomics.load(peakCell, 0)), process.memoryUsage.rss());
    done(200, { baseline, peak, maxRssBefore, maxRssAfter: process.resourceUsage().maxRSS * 1024 });
    return;
  }
  if (req.method !== 'POST' || req.url !== '/upload') {
    done(404, {});
    return;
  }
  void (async () => {
    try {
      if (mode === 'raw') {
        const file = path.join(root, randomUUID());
        await pipeline(req, createWriteStream(file, { flush: true }));
        await unlink(file);
        done(200, {});
        return;
      }
      const form = await receiveMultipartMedia(req, { storage, keyPrefix: 'bench', limits, remainingQuotaBytes: Number.MAX_SAFE_INTEGER });
      for (const file of form.files) await storage.delete(file.keys.original);
      done(200, { bytes: form.files[0]?.bytes });
    } catch (error) {
      done(500, { error: String(error) });
    }
  })();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});
