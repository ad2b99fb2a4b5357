import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../http/errors.js';

/** The form field that carries the archive. */
const ARCHIVE_FIELD = 'archive';

/** An uploaded archive, spooled to a private temporary file. */
interface ReceivedArchive {
  readonly file: string;
  /** Removes the temporary file; safe to call more than once. */
  discard(): Promise<void>;
}

/** Checks the form's fields read before its first file (its token); throws to refuse it. */
type FormCheck = (fields: Readonly<Record<string, string>>) => void;

/**
 * Writes the `archive` file of a multipart request to a temporary file, up to `maxBytes`. A ZIP is
 * read from its end (the central directory), so it cannot be read as it streams in, and a portfolio
 * is too large to hold in memory. Other files are skipped unread; a missing archive is
 * VALIDATION_FAILED, a larger one MEDIA_TOO_LARGE, a broken form MEDIA_FORM_INVALID. Nothing is
 * left on disk after a rejection.
 */
export async function receiveArchiveUpload(req: IncomingMessage, maxBytes: number, checkForm: FormCheck): Promise<ReceivedArchive> {
  const folder = await mkdtemp(path.join(tmpdir(), 'ecarnet-import-'));
  const file = path.join(folder, 'archive.zip');
  const discard = () => rm(folder, { recursive: true, force: true });
  try {
    await spool(req, file, maxBytes, checkForm);
    return { file, discard };
  } catch (error) {
    await discard();
    throw error;
  }
}

function spool(req: IncomingMessage, file: string, maxBytes: number, checkForm: FormCheck): Promise<void> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 1024, fileSize: maxBytes } });
    } catch (error) {
      reject(new AppError('MEDIA_FORM_INVALID', { cause: error }));
      return;
    }
    let writing: Promise<void> | undefined;
    let settled = false;
    const fields: Record<string, string> = {};
    let formChecked = false;
    // The form is checked once, before a byte of any file is written, or at its end without one.
    const formAccepted = (): boolean => {
      if (formChecked) return true;
      formChecked = true;
      try {
        checkForm(fields);
        return true;
      } catch (refusal) {
        fail(refusal instanceof AppError ? refusal : new AppError('MEDIA_FORM_INVALID', { cause: refusal }));
        return false;
      }
    };
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.destroy();
      // Read the rest of the body so the error can still be answered.
      if (!req.complete && !req.destroyed) req.resume();
      // The file being written is removed with its folder by the caller.
      writing?.catch(() => undefined);
      reject(error);
    };

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      stream.on('error', () => undefined);
      if (!formAccepted()) {
        stream.resume();
        return;
      }
      if (name !== ARCHIVE_FIELD || writing || !info.filename) {
        stream.resume();
        return;
      }
      stream.on('limit', () => fail(new AppError('MEDIA_TOO_LARGE')));
      writing = pipeline(stream, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    });
    parser.on('error', (error) => fail(new AppError('MEDIA_FORM_INVALID', { cause: error })));
    parser.on('close', () => {
      if (settled || !formAccepted()) return;
      if (!writing) {
        fail(new AppError('VALIDATION_FAILED', { fields: [{ field: ARCHIVE_FIELD, problem: 'required' }] }));
        return;
      }
      writing.then(
        () => {
          if (settled) return;
          settled = true;
          resolve();
        },
        (error: unknown) => fail(new AppError('MEDIA_UPLOAD_INTERRUPTED', { cause: error })),
      );
    });
    req.on('close', () => {
      if (!req.complete) fail(new AppError('MEDIA_UPLOAD_INTERRUPTED'));
    });
    req.pipe(parser);
  });
}
