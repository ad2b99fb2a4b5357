import type { Request } from 'express';
import { AppError } from '../http/errors.js';

/** A file of a multipart form. */
interface UploadedFile {
  readonly filename: string;
  readonly bytes: Buffer;
}

/** The fields and files of a multipart form. */
interface MultipartForm {
  readonly fields: ReadonlyMap<string, string>;
  readonly files: ReadonlyMap<string, UploadedFile>;
}

/** Reads the whole body, refusing more than `maxBytes` as soon as it is passed. */
async function readBody(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new AppError('ROSTER_FILE_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new AppError('ROSTER_FILE_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function dispositionOf(headers: string): { name?: string; filename?: string } {
  const line = headers.split('\r\n').find((header) => /^content-disposition:/i.test(header)) ?? '';
  const name = /\bname="([^"]*)"/i.exec(line)?.[1];
  const filename = /\bfilename="([^"]*)"/i.exec(line)?.[1];
  return { ...(name !== undefined ? { name } : {}), ...(filename !== undefined ? { filename } : {}) };
}

/**
 * Reads a `multipart/form-data` body (RFC 7578): the few fields and the one file of an upload
 * form. Small on purpose: no streaming to disk, the whole body stays under `maxBytes`.
 */
export async function readMultipart(req: Request, maxBytes: number): Promise<MultipartForm> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
  const delimiter = boundary?.[1] ?? boundary?.[2];
  if (!req.is('multipart/form-data') || !delimiter) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const body = await readBody(req, maxBytes);
  const fields = new Map<string, string>();
  const files = new Map<string, UploadedFile>();
  const separator = Buffer.from(`\r\n--${delimiter}`);
  // The body starts with `--boundary`; prefixing CRLF makes every delimiter look alike.
  const content = Buffer.concat([Buffer.from('\r\n'), body]);
  let position = content.indexOf(separator);
  while (position >= 0) {
    const start = position + separator.length;
    if (content.subarray(start, start + 2).toString() === '--') break;
    const next = content.indexOf(separator, start);
    if (next < 0) break;
    const part = content.subarray(start + 2, next); // skip the CRLF after the delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const { name, filename } = dispositionOf(part.subarray(0, headerEnd).toString('utf8'));
      const value = part.subarray(headerEnd + 4);
      if (name !== undefined && filename !== undefined) files.set(name, { filename, bytes: Buffer.from(value) });
      else if (name !== undefined) fields.set(name, value.toString('utf8'));
    }
    position = next;
  }
  return { fields, files };
}
