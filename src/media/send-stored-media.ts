import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentDisposition } from './content-disposition.js';
import { MediaError } from './errors.js';
import { parseRange } from './http-range.js';
import type { MediaStorage } from './storage.js';

/** Which stored object to send, and how the browser should treat it. */
export interface SendStoredMediaOptions {
  readonly storage: MediaStorage;
  readonly key: string;
  /** The stored type (from IngestedMedia.mimeType), never the one the uploader declared. */
  readonly mimeType: string;
  /** The user's file name, for `Content-Disposition`. */
  readonly fileName: string;
  /** `inline` to show in the page (default), `attachment` to download. */
  readonly disposition?: 'inline' | 'attachment';
  /** The object's size if the caller knows it (saves a `stat` round trip to S3). */
  readonly bytes?: number;
}

/**
 * Streams a stored object to the response, after the caller has authorised the request. Sends
 * `Content-Type`, `Content-Length`, `Content-Disposition` (RFC 6266 with `filename*`),
 * `X-Content-Type-Options: nosniff`, `Cache-Control: private, no-store` (never kept by shared
 * caches: the bytes are pupils' pictures), `Accept-Ranges: bytes` and, for PDFs,
 * `Content-Security-Policy: sandbox` so a PDF opened in the browser cannot run script with our
 * origin. Honours a single `Range` (206, or 416 when unsatisfiable) so video and audio can seek.
 * HEAD gets the headers only. Rejects with `MEDIA_NOT_FOUND` before anything is sent if the
 * object is missing; a failure mid-body destroys the response (the client sees a cut transfer).
 */
export async function sendStoredMedia(req: IncomingMessage, res: ServerResponse, options: SendStoredMediaOptions): Promise<void> {
  const size = options.bytes ?? (await options.storage.stat(options.key))?.bytes;
  if (size === undefined) throw new MediaError('MEDIA_NOT_FOUND', `no object at ${options.key}`);

  res.setHeader('Content-Type', options.mimeType);
  res.setHeader('Content-Disposition', contentDisposition(options.disposition ?? 'inline', options.fileName));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Accept-Ranges', 'bytes');
  if (options.mimeType === 'application/pdf') res.setHeader('Content-Security-Policy', 'sandbox');

  const request = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, size);
  if (request.kind === 'unsatisfiable') {
    res.statusCode = 416;
    res.setHeader('Content-Range', `bytes */${size}`);
    res.setHeader('Content-Length', '0');
    res.removeHeader('Content-Disposition');
    res.end();
    return;
  }
  const range = request.kind === 'partial' ? request.range : undefined;
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : size));
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const body = await options.storage.open(options.key, range);
  try {
    await pipeline(body, res);
  } catch {
    // The client went away, or storage failed mid-body: headers are gone, nothing else to say.
    if (!res.destroyed) res.destroy();
  }
}
