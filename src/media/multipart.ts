import type { IncomingMessage } from 'node:http';
import { ingestMedia, type IngestedMedia } from './ingest.js';
import type { MediaLimits } from './limits.js';
import type { MediaKind } from './media-types.js';
import { asFormError, readMultipartForm, type FormFields, type MultipartFormOptions } from './multipart-form.js';
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
  readonly fields: FormFields;
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
  /** Checks the form before any file is stored (its token); see {@link MultipartFormOptions.beforeFiles}. */
  readonly beforeFiles?: MultipartFormOptions['beforeFiles'];
}

/**
 * Reads a `multipart/form-data` request with {@link readMultipartForm} and streams each file
 * through {@link ingestMedia}, one after the other (so the quota left is exact for each). Resolves
 * once the whole body is read and every file stored. On any failure — a refused file, too many
 * files or fields, a malformed body, the client aborting mid-upload — it stops reading, deletes
 * every object already stored for this request and rejects with a MediaError.
 *
 * After a rejection the rest of the body is drained so a response can still be sent; for very
 * large refused uploads the router may prefer `Connection: close`.
 */
export async function receiveMultipartMedia(req: IncomingMessage, options: MultipartMediaOptions): Promise<ReceivedForm> {
  const files: ReceivedMedia[] = [];
  let remaining = options.remainingQuotaBytes;
  const beforeFiles = options.beforeFiles;
  // The form's own refusal (its token) is passed on as it is, not as a broken form.
  let refused = false;
  try {
    const fields = await readMultipartForm(req, {
      maxFiles: options.limits.maxFilesPerRequest,
      ...(beforeFiles
        ? {
            beforeFiles: (formFields: Readonly<FormFields>) => {
              try {
                beforeFiles(formFields);
              } catch (reason) {
                refused = true;
                throw reason;
              }
            },
          }
        : {}),
      ...(options.maxFields !== undefined ? { maxFields: options.maxFields } : {}),
      ...(options.maxFieldBytes !== undefined ? { maxFieldBytes: options.maxFieldBytes } : {}),
      onFile: async (file) => {
        const media = await ingestMedia(file.stream, {
          storage: options.storage,
          keyPrefix: options.keyPrefix,
          limits: options.limits,
          remainingQuotaBytes: remaining,
          declaredMimeType: file.mimeType,
          ...(options.accept ? { accept: options.accept } : {}),
        });
        files.push({ ...media, fieldName: file.fieldName, fileName: file.fileName });
        remaining -= media.storedBytes;
      },
    });
    return { files, fields };
  } catch (error) {
    const keys = files.flatMap((file) => [file.keys.original, file.keys.screen, file.keys.thumbnail]);
    await Promise.all(keys.map((key) => (key ? options.storage.delete(key).catch(() => undefined) : undefined)));
    throw refused ? error : asFormError(error);
  }
}
