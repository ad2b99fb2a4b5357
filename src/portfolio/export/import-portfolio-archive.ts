import { requireFormToken } from '../../auth/csrf.js';
import type { Request } from 'express';
import type { ModuleContext } from '../../context.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { remainingSchoolQuota } from '../../quota/remaining-school-quota.js';
import { AppError, notFound } from '../../http/errors.js';
import type { IngestedMedia } from '../../media/index.js';
import type { Actor } from '../../policy/actor.js';
import { can } from '../../policy/can.js';
import { loadClassContext } from '../class-context.js';
import { deleteStoredFiles } from '../../media/index.js';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits.js';
import { ingestArchiveMedium } from './ingest-archive-medium.js';
import { openPortfolioArchive } from './open-portfolio-archive.js';
import { receiveArchiveUpload } from './receive-archive-upload.js';
import { importedSourceEntryIds, recordImportedEntries, type StoredArchiveEntry } from './record-imported-entries.js';

/** What an import brought in, and how many of the archive's entries the child already had from it. */
interface ImportSummary {
  readonly entries: number;
  readonly media: number;
  readonly alreadyThere: number;
}

/**
 * Imports a portfolio archive (an e-carnet export from another school) into the portfolio of a
 * pupil of the class, as published history. Who: a teacher of the class (the `contribute` right on
 * the pupil's portfolio through this class) or the school's director; checked before the upload is
 * read. The pupil must be enrolled in the class now (PORTFOLIO_PUPIL_NOT_IN_CLASS).
 *
 * The upload is spooled to a temporary file, opened safely, its JSON validated; each medium is then
 * stored through the media pipeline within the school's quota, and the entries written in one
 * transaction. On any failure every object stored for this import is deleted and nothing is
 * written: the import happens whole or not at all. Entries the child already has from an earlier
 * import of the same archive (same entry id) are skipped, their media not even read: a second
 * click, or a newer export of the same portfolio, adds only what is new.
 */
export async function importPortfolioArchive(
  context: ModuleContext,
  actor: Actor,
  classId: string,
  pupilId: string,
  req: Request,
  now: Date,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Promise<ImportSummary> {
  const klass = await loadClassContext(context.dataSource.manager, classId, now);
  if (!klass) throw notFound();
  const portfolio = { kind: 'portfolio' as const, schoolId: klass.schoolId, pupilId, classIds: [classId] };
  if (!can(actor, 'import', portfolio)) throw notFound();
  if (!klass.pupilIds.includes(pupilId)) throw new AppError('PORTFOLIO_PUPIL_NOT_IN_CLASS', { fields: [{ field: 'pupilId', problem: 'invalidChoice' }] });

  const upload = await receiveArchiveUpload(req, limits.maxArchiveBytes, (fields) => requireFormToken(req, fields));
  const storedFiles: IngestedMedia[] = [];
  try {
    const archive = await openPortfolioArchive(upload.file, limits);
    try {
      const target = { schoolId: klass.schoolId, classId, pupilId, importerId: actor.personId, sourceSchoolName: archive.manifest.school.name };
      const known = await importedSourceEntryIds(context.dataSource, target);
      const fresh = archive.manifest.entries.filter((entry) => !known.has(entry.id));
      let remaining = await remainingSchoolQuota(context, klass.schoolId);
      const stored: StoredArchiveEntry[] = [];
      for (const entry of fresh) {
        const media: IngestedMedia[] = [];
        for (const medium of entry.media) {
          const file = await ingestArchiveMedium(context, archive, medium, { keyPrefix: `schools/${klass.schoolId}/media`, remainingQuotaBytes: remaining });
          storedFiles.push(file);
          media.push(file);
          remaining -= file.storedBytes;
        }
        stored.push({ entry, media });
      }
      await recordImportedEntries(context.dataSource, target, stored, now, context.media.schoolQuotaBytes);
      return { entries: stored.length, media: storedFiles.length, alreadyThere: archive.manifest.entries.length - fresh.length };
    } finally {
      archive.close();
    }
  } catch (error) {
    await deleteStoredFiles(context.media.storage, context.logger, storedFiles);
    // The same archive imported twice at the same moment: the first one wins, whole. (Only the
    // import origins' key says so; another unique key failing is not this.)
    if (isUniqueViolation(error) && String((error as Error).message).includes('portfolio_import_origin')) throw new AppError('PORTFOLIO_IMPORT_BUSY');
    throw error;
  } finally {
    await upload.discard();
  }
}
