import type { Request } from 'express';
import { AppError } from '../http/errors.js';
import { asAppError } from '../http/media-app-error.js';
import { readMultipartForm, type FormFields, type MultipartFormOptions } from '../media/multipart-form.js';
import { readWhole } from '../media/read-whole.js';

/** The file of the import form, whole in memory: a roster export is parsed at once anyway. */
interface UploadedFile {
  readonly filename: string;
  readonly bytes: Buffer;
}

/** The fields and the file of the import form. */
interface RosterForm {
  readonly fields: ReadonlyMap<string, string>;
  readonly file?: UploadedFile;
}

/** The first value of each field: the form sends each once. */
function firstValues(fields: FormFields): Map<string, string> {
  return new Map(Object.entries(fields).map(([name, value]) => [name, Array.isArray(value) ? value[0]! : value]));
}

/**
 * Reads the roster import form (`multipart/form-data`): a few text fields and the one `file`,
 * up to `maxBytes`. A body declaring more is refused before it is read, and a file that passes
 * the limit as it streams in is refused there (ROSTER_FILE_TOO_LARGE); a request that is not a
 * form is UNSUPPORTED_MEDIA_TYPE; a malformed one MEDIA_FORM_INVALID; one `checkForm` refuses
 * (its token) what it threw.
 */
export async function readRosterForm(req: Request, maxBytes: number, checkForm: NonNullable<MultipartFormOptions['beforeFiles']>): Promise<RosterForm> {
  if (!req.is('multipart/form-data')) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw new AppError('ROSTER_FILE_TOO_LARGE');
  let file: UploadedFile | undefined;
  try {
    const fields = await readMultipartForm(req, {
      maxFiles: 1,
      maxFields: 10,
      maxFieldBytes: 1024,
      // The form's token, checked before the file is read.
      beforeFiles: checkForm,
      onFile: async (part) => {
        const bytes = await readWhole(part.stream, maxBytes, () => new AppError('ROSTER_FILE_TOO_LARGE'));
        if (part.fieldName === 'file') file = { filename: part.fileName, bytes };
      },
    });
    return { fields: firstValues(fields), ...(file ? { file } : {}) };
  } catch (error) {
    throw asAppError(error);
  }
}
