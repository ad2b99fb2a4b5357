import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { MediaError } from './errors.js';
import { ingestMedia, type IngestedMedia } from './ingest.js';
import type { MediaLimits } from './limits.js';
import type { MediaKind } from './media-types.js';
import type { MediaStorage } from './storage.js';

/** A file of the form, stored. `fileName` is the user's, for display only: keys never use it. */
export interface ReceivedMedia extends IngestedMedia {
  readonly fieldName: string;
  readonly fileName: string;
}

/** What receiveMultipartMedia returns: the stored files in form order and the text fields. */
export interface ReceivedForm {
  readonly files: ReceivedMedia[];
  /** A field sent several times becomes an array, in order. */
  readonly fields: Record<string, string | string[]>;
}

/** What receiveMultipartMedia needs besides the request. */
export interface MultipartMediaOptions {
  readonly storage: MediaStorage;
  readonly keyPrefix: string;
  readonly limits: MediaLimits;
  /** Bytes the school may still store, for all the files of the request together. */
  readonly remainingQuotaBytes: number;
  /** Kinds accepted in this form (default all). */
  readonly accept?: readonly MediaKind[];
  /** Text fields per request (default 50). */
  readonly maxFields?: number;
  /** Bytes per text field (default 64 KiB). */
  readonly maxFieldBytes?: number;
  /**
   * Checks the form before anything is stored: called with the fields read so far when the first
   * file part arrives (or at the end of a form without files). If it throws, no file is stored,
   * the rest of the form is still read for its text (the same `fields` object goes on filling,
   * so the refusal can give the text back) and the promise rejects with what it threw.
   */
  readonly beforeFiles?: (fields: Readonly<Record<string, string | string[]>>) => void;
}

function asMediaError(error: unknown): MediaError {
  if (error instanceof MediaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // busboy's words when the body stops before the closing boundary.
  if (/Unexpected end of (form|file)/.test(message)) return new MediaError('MEDIA_UPLOAD_INTERRUPTED', message, { cause: error });
  return new MediaError('MEDIA_FORM_INVALID', message, { cause: error });
}

function addField(fields: Record<string, string | string[]>, name: string, value: string): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else fields[name] = [existing, value];
}

/**
 * Reads a `multipart/form-data` request with busboy and streams each file through
 * {@link ingestMedia}, one after the other (so the quota left is exact for each). Resolves once
 * the whole body is read and every file stored. On any failure — a refused file, too many files
 * or fields, a malformed body, the client aborting mid-upload — it stops reading, deletes every
 * object already stored for this request and rejects with a {@link MediaError}.
 *
 * After a rejection the rest of the body is drained so a response can still be sent; for very
 * large refused uploads the router may prefer `Connection: close`.
 */
export function receiveMultipartMedia(req: IncomingMessage, options: MultipartMediaOptions): Promise<ReceivedForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8', // browsers send UTF-8 file names ("Sortie à l'écluse.jpg")
        limits: {
          files: options.limits.maxFilesPerRequest,
          fields: options.maxFields ?? 50,
          fieldSize: options.maxFieldBytes ?? 64 * 1024,
        },
      });
    } catch (error) {
      reject(asMediaError(error));
      return;
    }
    const files: ReceivedMedia[] = [];
    const fields: Record<string, string | string[]> = {};
    let remaining = options.remainingQuotaBytes;
    let failure: MediaError | undefined;
    // The form's own check refused it: nothing is stored, the text is still read.
    let refusal: { readonly reason: unknown } | undefined;
    let formChecked = false;
    const checkForm = (): boolean => {
      if (!formChecked) {
        formChecked = true;
        try {
          options.beforeFiles?.(fields);
        } catch (reason) {
          refusal = { reason };
        }
      }
      return refusal === undefined;
    };
    let settled = false;
    // Files are ingested in sequence; busboy waits (backpressure) while a file stream is not read.
    let queue: Promise<void> = Promise.resolve();

    const settle = () => {
      void queue.then(async () => {
        if (settled) return;
        settled = true;
        if (!failure && !checkForm()) {
          reject(refusal!.reason);
          return;
        }
        if (!failure) {
          resolve({ files, fields });
          return;
        }
        const keys = files.flatMap((file) => [file.keys.original, file.keys.screen, file.keys.thumbnail]);
        await Promise.all(keys.map((key) => (key ? options.storage.delete(key).catch(() => undefined) : undefined)));
        reject(failure);
      });
    };

    const fail = (error: unknown) => {
      if (failure) return;
      failure = asMediaError(error);
      req.unpipe(parser);
      // Also destroys the file stream being read, which makes its ingestMedia() reject and clean up.
      parser.destroy(failure);
      if (!req.complete && !req.destroyed) req.resume();
      settle();
    };

    parser.on('file', (fieldName, stream, info) => {
      // parser.destroy() errors this stream, maybe before ingestMedia listens: never unhandled.
      stream.on('error', () => undefined);
      // A file input left empty arrives as a part without a file name: nothing was chosen.
      if (failure || !checkForm() || !info.filename) {
        stream.resume();
        return;
      }
      const task = queue.then(async () => {
        if (failure) {
          stream.resume();
          return;
        }
        const media = await ingestMedia(stream, {
          storage: options.storage,
          keyPrefix: options.keyPrefix,
          limits: options.limits,
          remainingQuotaBytes: remaining,
          declaredMimeType: info.mimeType,
          ...(options.accept ? { accept: options.accept } : {}),
        });
        files.push({ ...media, fieldName, fileName: info.filename });
        remaining -= media.storedBytes;
      });
      queue = task.catch(fail);
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) {
        fail(new MediaError('MEDIA_FIELD_TOO_LARGE', `field ${name} is too large`));
        return;
      }
      addField(fields, name, value);
    });
    parser.on('filesLimit', () => fail(new MediaError('MEDIA_TOO_MANY_FILES', `more than ${options.limits.maxFilesPerRequest} files`)));
    parser.on('fieldsLimit', () => fail(new MediaError('MEDIA_TOO_MANY_FIELDS', 'too many fields')));
    parser.on('error', fail);
    parser.on('close', settle);
    req.on('error', (error) => fail(new MediaError('MEDIA_UPLOAD_INTERRUPTED', 'the request failed', { cause: error })));
    req.on('close', () => {
      if (!req.complete) fail(new MediaError('MEDIA_UPLOAD_INTERRUPTED', 'the client closed the connection mid-upload'));
    });
    req.pipe(parser);
  });
}
