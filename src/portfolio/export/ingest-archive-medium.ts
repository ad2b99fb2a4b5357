import { createHash } from 'node:crypto';
import { pipeline, Transform } from 'node:stream';
import type { ModuleContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { ingestMedia, isMediaError, type IngestedMedia } from '../../media/index.js';
import { deleteStoredFiles } from '../../media/index.js';
import type { OpenedArchive } from './open-portfolio-archive.js';
import type { PortfolioArchiveMedium } from './portfolio-archive-format.js';

/**
 * A media failure during an import. The school's full quota and a storage outage keep their own
 * codes (the archive is not at fault, and the message says what to do); anything the bytes are to
 * blame for — an SVG, a truncated photo, a type that disagrees with the JSON — means the archive is
 * not a valid portfolio.
 */
function importFailure(error: unknown): unknown {
  if (isMediaError(error, 'MEDIA_QUOTA_EXCEEDED')) return new AppError('MEDIA_QUOTA_EXCEEDED', { cause: error });
  if (isMediaError(error, 'MEDIA_STORAGE_FAILED')) return new AppError('MEDIA_STORAGE_FAILED', { cause: error });
  if (isMediaError(error)) return new AppError('PORTFOLIO_IMPORT_INVALID', { cause: error });
  return error;
}

/**
 * Stores one medium of an archive exactly as an upload would be stored: `ingestMedia` checks the
 * real type from the bytes (the JSON's `mimeType` is only a hint that must agree), re-encodes
 * photos without metadata and counts against the school's quota. The bytes must also match the
 * JSON's SHA-256, so a damaged archive is refused rather than half-imported. On failure nothing
 * of this medium remains in storage.
 */
export async function ingestArchiveMedium(
  context: ModuleContext,
  archive: OpenedArchive,
  medium: PortfolioArchiveMedium,
  options: { keyPrefix: string; remainingQuotaBytes: number },
): Promise<IngestedMedia> {
  const source = await archive.openMedium(medium.path);
  const hash = createHash('sha256');
  let digest: string | undefined;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      digest = hash.digest('hex');
      done();
    },
  });
  // A read error (a corrupt deflate stream, a size that lies) reaches ingestMedia through `hashing`.
  pipeline(source, hashing, () => undefined);

  let stored: IngestedMedia;
  try {
    stored = await ingestMedia(hashing, {
      storage: context.media.storage,
      keyPrefix: options.keyPrefix,
      limits: context.media.limits,
      remainingQuotaBytes: options.remainingQuotaBytes,
      declaredMimeType: medium.mimeType,
    });
  } catch (error) {
    source.destroy();
    throw importFailure(error);
  }
  if (digest !== medium.sha256) {
    await deleteStoredFiles(context.media.storage, context.logger, [stored]);
    throw new AppError('PORTFOLIO_IMPORT_INVALID', { cause: new Error(`${medium.path} does not match its SHA-256`) });
  }
  return stored;
}
