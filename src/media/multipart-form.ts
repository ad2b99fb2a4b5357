import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { MediaError } from './errors.js';

/** A file of the form as it streams in. `fileName` is the user's, for display only. */
export interface FormFile {
  readonly fieldName: string;
  readonly fileName: string;
  /** The type the browser declared; only the bytes decide what a file is. */
  readonly mimeType: string;
  /** The bytes; `truncated` is true once they went past `maxFileBytes` (the rest is dropped). */
  readonly stream: Readable & { readonly truncated?: boolean };
}

/** The text fields of a form; a field sent several times becomes an array, in order. */
export type FormFields = Record<string, string | string[]>;

/** What readMultipartForm needs besides the request. */
export interface MultipartFormOptions {
  /** Files per request; one more is MEDIA_TOO_MANY_FILES. */
  readonly maxFiles: number;
  /** Text fields per request (default 50). */
  readonly maxFields?: number;
  /** Bytes per text field (default 64 KiB). */
  readonly maxFieldBytes?: number;
  /** Bytes per file, past which the file's stream ends with `truncated` set (default: no limit). */
  readonly maxFileBytes?: number;
  /**
   * Checks the form before any file is read: called with the fields read so far when the first
   * file part arrives (or at the end of a form without files). If it throws, no file reaches
   * `onFile`, the rest of the form is still read for its text (the same `fields` object goes on
   * filling, so the refusal can give the text back) and the promise rejects with what it threw.
   */
  readonly beforeFiles?: (fields: Readonly<FormFields>) => void;
  /**
   * Reads one file to its end, or rejects to refuse the whole form. Files are handed over one
   * after the other, in form order, so whatever a file uses up (a quota) is known to the next.
   */
  readonly onFile: (file: FormFile) => Promise<void>;
}

/** A failure while reading a form, as a MediaError (a MediaError stays as it is). */
export function asFormError(error: unknown): MediaError {
  if (error instanceof MediaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // busboy's words when the body stops before the closing boundary.
  if (/Unexpected end of (form|file)/.test(message)) return new MediaError('MEDIA_UPLOAD_INTERRUPTED', message, { cause: error });
  return new MediaError('MEDIA_FORM_INVALID', message, { cause: error });
}

function addField(fields: FormFields, name: string, value: string): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else fields[name] = [existing, value];
}

/**
 * Reads a `multipart/form-data` request (RFC 7578) with busboy: the one reader of upload forms.
 * Each file streams to `onFile`; a file input left empty (a part without a file name) is
 * skipped. Resolves with the text fields once the whole body is read and every `onFile` has
 * settled. Rejects — only after every `onFile` has settled, so the caller may clean up what they
 * kept — with what `beforeFiles` or `onFile` threw, or with a MediaError for the form itself: not multipart or
 * malformed (MEDIA_FORM_INVALID), cut short (MEDIA_UPLOAD_INTERRUPTED), too many files or fields,
 * a field too large.
 *
 * After a rejection the rest of the body is drained so a response can still be sent.
 */
export function readMultipartForm(req: IncomingMessage, options: MultipartFormOptions): Promise<FormFields> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8', // browsers send UTF-8 file names ("Sortie à l'écluse.jpg")
        limits: {
          files: options.maxFiles,
          fields: options.maxFields ?? 50,
          fieldSize: options.maxFieldBytes ?? 64 * 1024,
          ...(options.maxFileBytes !== undefined ? { fileSize: options.maxFileBytes } : {}),
        },
      });
    } catch (error) {
      reject(asFormError(error));
      return;
    }
    const fields: FormFields = {};
    let failure: unknown;
    let failed = false;
    // The form's own check refused it: no file is read, the text still is.
    let refusal: { readonly reason: unknown } | undefined;
    let formChecked = false;
    const formAccepted = (): boolean => {
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
    // Files are read in sequence; busboy waits (backpressure) while a file stream is not read.
    let queue: Promise<void> = Promise.resolve();

    const settle = () => {
      void queue.then(() => {
        if (settled) return;
        settled = true;
        if (failed) reject(failure);
        else if (!formAccepted()) reject(refusal!.reason);
        else resolve(fields);
      });
    };

    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      failure = error;
      req.unpipe(parser);
      // Also destroys the file stream being read, which makes its onFile() reject.
      parser.destroy(error instanceof Error ? error : asFormError(error));
      if (!req.complete && !req.destroyed) req.resume();
      settle();
    };
    const failForm = (error: unknown) => fail(asFormError(error));

    parser.on('file', (fieldName, stream, info) => {
      // parser.destroy() errors this stream, maybe before onFile listens: never unhandled.
      stream.on('error', () => undefined);
      if (failed || !formAccepted() || !info.filename) {
        stream.resume();
        return;
      }
      const task = queue.then(async () => {
        if (failed) {
          stream.resume();
          return;
        }
        await options.onFile({ fieldName, fileName: info.filename, mimeType: info.mimeType, stream });
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
    parser.on('filesLimit', () => fail(new MediaError('MEDIA_TOO_MANY_FILES', `more than ${options.maxFiles} files`)));
    parser.on('fieldsLimit', () => fail(new MediaError('MEDIA_TOO_MANY_FIELDS', 'too many fields')));
    parser.on('error', failForm);
    parser.on('close', settle);
    req.on('error', (error) => fail(new MediaError('MEDIA_UPLOAD_INTERRUPTED', 'the request failed', { cause: error })));
    req.on('close', () => {
      if (!req.complete) fail(new MediaError('MEDIA_UPLOAD_INTERRUPTED', 'the client closed the connection mid-upload'));
    });
    req.pipe(parser);
  });
}
