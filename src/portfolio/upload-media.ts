import type { Request } from 'express';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { notFound } from '../http/errors.js';
import { asAppError } from '../http/media-app-error.js';
import { requireFormToken } from '../auth/csrf.js';
import { deleteStoredFiles, receiveMultipartMedia, storedColumns, type IngestedMedia, type ReceivedForm } from '../media/index.js';
import { newId } from '../model/columns.js';
import { PortfolioMedium } from '../model/portfolio-medium.js';
import type { Actor } from '../policy/actor.js';
import { holdSchoolQuota, remainingSchoolQuota, storedBytesOf } from '../quota/remaining-school-quota.js';
import { loadClassContext } from './class-context.js';
import { postingState } from './posting-state.js';

/** Uploaded media recorded for a class, not yet in an entry, and the form's text fields. */
interface ClassUpload {
  readonly media: readonly PortfolioMedium[];
  readonly fields: ReceivedForm['fields'];
}

/**
 * Receives a multipart upload for a class: checks the uploader first (a teacher of the class, or
 * a pupil of it when the school allows pupils' posts), streams every file through the media
 * pipeline within the school's quota, then records the media in one transaction that checks the
 * quota again (another upload may have finished meanwhile). If anything
 * fails, every stored object is deleted: no orphan files, no half-recorded upload.
 */
export async function receiveClassUpload(context: ModuleContext, actor: Actor, classId: string, req: Request, now: Date): Promise<ClassUpload> {
  const klass = await loadClassContext(context.dataSource.manager, classId, now);
  if (!klass) throw notFound();
  // Whoever may not post gets nothing stored; what the entry becomes is decided when it is created.
  postingState(actor, klass);

  const remainingQuotaBytes = await remainingSchoolQuota(context, klass.schoolId);

  let form: ReceivedForm;
  try {
    form = await receiveMultipartMedia(req, {
      storage: context.media.storage,
      keyPrefix: `schools/${klass.schoolId}/media`,
      limits: context.media.limits,
      remainingQuotaBytes,
      beforeFiles: (fields) => requireFormToken(req, fields),
    });
  } catch (error) {
    throw asAppError(error);
  }

  try {
    const placement = { schoolId: klass.schoolId, classId, entryId: null, uploadedById: actor.personId, peopleReviewed: false };
    const media = form.files.map((file, position) => mediumRow(file, placement, position, now));
    if (media.length > 0) {
      await runInTransaction(context.dataSource, async (manager) => {
        await holdSchoolQuota(manager, context.media.schoolQuotaBytes, klass.schoolId, storedBytesOf(form.files));
        await manager.getRepository(PortfolioMedium).insert(media);
      });
    }
    return { media, fields: form.fields };
  } catch (error) {
    await deleteStoredFiles(context.media.storage, context.logger, form.files);
    throw error;
  }
}

/** Deletes unattached media rows and their files, after the entry that was to take them was refused. */
export async function discardUpload(context: ModuleContext, media: readonly PortfolioMedium[]): Promise<void> {
  if (media.length === 0) return;
  await runInTransaction(context.dataSource, (manager) =>
    manager
      .getRepository(PortfolioMedium)
      .createQueryBuilder()
      .delete()
      .where('id IN (:...ids) AND entryId IS NULL', { ids: media.map((medium) => medium.id) })
      .execute(),
  );
  await deleteStoredFiles(
    context.media.storage,
    context.logger,
    media.map((medium) => ({ keys: { original: medium.originalKey, screen: medium.screenKey, thumbnail: medium.thumbnailKey } })),
  );
}

/** Where a stored medium belongs, and who brought it. */
interface MediumPlacement {
  readonly schoolId: string;
  readonly classId: string;
  readonly entryId: string | null;
  readonly uploadedById: string;
  /** Imported media were reviewed at their first school; uploads wait for the teacher's review. */
  readonly peopleReviewed: boolean;
}

/** The row of a medium the pipeline stored. */
export function mediumRow(file: IngestedMedia, placement: MediumPlacement, position: number, now: Date): PortfolioMedium {
  return Object.assign(new PortfolioMedium(), { id: newId(), ...placement, ...storedColumns(file, file.kind, position), position, createdAt: now });
}
