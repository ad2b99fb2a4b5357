import busboy from 'busboy';
import type { Request } from 'express';

/** A form's text fields: a field sent several times is an array, in order. */
export type TypedFields = Readonly<Record<string, string | string[]>>;

/** Limits when reading back a refused multipart form: its text only, never its files. */
const MAX_FIELDS = 50;
const MAX_FIELD_BYTES = 64 * 1024;
/** A client that stops sending is not waited for: the page is answered with what arrived. */
const READ_TIMEOUT_MS = 5_000;

/**
 * The text a person typed into a form that was refused before its handler read it (an expired
 * session, a form token that changed), so the refusal page can give it back. Fields come from,
 * in order: what a multipart reader kept while refusing, the parsed url-encoded body, or a
 * multipart body nobody has read yet, read now for its text fields only (files are skipped).
 */
export async function readTypedFields(req: Request): Promise<TypedFields> {
  if (req.typedFields) return req.typedFields;
  if (isFilledObject(req.body)) return stringFields(req.body);
  // Never read by anyone (not flowing, not paused after reading): its bytes are still all there.
  if (req.is('multipart/form-data') && req.readableFlowing === null && !req.readableEnded) {
    return readMultipartText(req);
  }
  return {};
}

function isFilledObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function stringFields(body: Record<string, unknown>): TypedFields {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fields[name] = value as string[];
  }
  return fields;
}

function readMultipartText(req: Request): Promise<TypedFields> {
  return new Promise((resolve) => {
    const fields: Record<string, string | string[]> = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES } });
    } catch {
      resolve(fields);
      return;
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.unpipe(parser);
      if (!req.readableEnded && !req.destroyed) req.resume();
      resolve(fields);
    };
    const timer = setTimeout(finish, READ_TIMEOUT_MS);
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) return;
      const existing = fields[name];
      if (existing === undefined) fields[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else fields[name] = [existing, value];
    });
    // Files are not kept: the person chooses them again.
    parser.on('file', (_name, stream) => stream.resume());
    parser.on('close', finish);
    parser.on('error', finish);
    req.on('error', finish);
    req.pipe(parser);
  });
}
