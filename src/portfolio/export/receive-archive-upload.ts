import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../http/errors.js';
import { asAppError } from '../../http/media-app-error.js';
import { readMultipartForm, type MultipartFormOptions } from '../../media/multipart-form.js';

/** The form field that carries the archive. */
const ARCHIVE_FIELD = 'archive';

/** An uploaded archive, spooled to a private temporary file. */
interface ReceivedArchive {
  readonly file: string;
  /** Removes the temporary file; safe to call more than once. */
  discard(): Promise<void>;
}

/**
 * Writes the `archive` file of a multipart request to a temporary file, up to `maxBytes`. A ZIP is
 * read from its end (the central directory), so it cannot be read as it streams in, and a portfolio
 * is too large to hold in memory. A missing archive is VALIDATION_FAILED, a larger one
 * MEDIA_TOO_LARGE, a broken form MEDIA_FORM_INVALID, a form `checkForm` refuses what it threw.
 * Nothing is left on disk after a rejection.
 */
export async function receiveArchiveUpload(req: IncomingMessage, maxBytes: number, checkForm: NonNullable<MultipartFormOptions['beforeFiles']>): Promise<ReceivedArchive> {
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

async function spool(req: IncomingMessage, file: string, maxBytes: number, checkForm: NonNullable<MultipartFormOptions['beforeFiles']>): Promise<void> {
  let received = false;
  try {
    // Only the first file is the archive; the form has nothing else worth reading.
    await readMultipartForm(req, {
      maxFiles: 1,
      maxFields: 10,
      maxFieldBytes: 1024,
      maxFileBytes: maxBytes,
      // The form's token, checked before a byte of the archive is written.
      beforeFiles: checkForm,
      onFile: async (part) => {
        if (part.fieldName !== ARCHIVE_FIELD) {
          part.stream.resume();
          return;
        }
        await pipeline(part.stream, createWriteStream(file, { flags: 'wx', mode: 0o600 })).catch((cause: unknown) => {
          throw new AppError('MEDIA_UPLOAD_INTERRUPTED', { cause });
        });
        if (part.stream.truncated) throw new AppError('MEDIA_TOO_LARGE');
        received = true;
      },
    });
  } catch (error) {
    throw asAppError(error);
  }
  if (!received) throw new AppError('VALIDATION_FAILED', { fields: [{ field: ARCHIVE_FIELD, problem: 'required' }] });
}
