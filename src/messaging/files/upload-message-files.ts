import type { Request } from 'express';
import type { ModuleContext } from '../../context.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { requireFormToken } from '../../auth/csrf.js';
import { receiveMultipartMedia, storedColumns, type ReceivedForm } from '../../media/index.js';
import { newId } from '../../model/columns.js';
import { MessageFile } from '../../model/message-file.js';
import type { Actor } from '../../policy/actor.js';
import { can } from '../../policy/can.js';
import { asAppError } from '../../http/media-app-error.js';
import { deleteStoredFiles } from '../../media/index.js';
import { holdSchoolQuota, remainingSchoolQuota, storedBytesOf } from '../../quota/remaining-school-quota.js';

/** Files received for a message not yet sent, and the form's other fields. */
interface MessageUpload {
  readonly files: readonly MessageFile[];
  readonly fields: ReceivedForm['fields'];
}

/**
 * The school whose storage takes the upload: the one named, or the only school the writer belongs
 * to (almost everyone). A message must later go out in that same school.
 */
export function uploadSchool(actor: Actor, named: string | undefined): string {
  const schools = [...actor.rolesBySchool.keys()].filter((schoolId) => can(actor, 'view', { kind: 'school', schoolId }));
  if (named !== undefined) {
    if (!schools.includes(named)) throw new AppError('NOT_FOUND');
    return named;
  }
  if (schools.length !== 1) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'schoolId', problem: 'required' }] });
  return schools[0]!;
}

/**
 * Streams the files of a multipart request (photos, documents, voice recordings) through the media
 * pipeline into the school's storage, within its quota, and records them for the writer. If
 * anything fails, nothing stays: neither stored objects nor rows.
 */
export async function receiveMessageFiles(context: ModuleContext, actor: Actor, schoolId: string, req: Request, now: Date): Promise<MessageUpload> {
  let form: ReceivedForm;
  try {
    form = await receiveMultipartMedia(req, {
      storage: context.media.storage,
      keyPrefix: `schools/${schoolId}/messages`,
      limits: context.media.limits,
      remainingQuotaBytes: await remainingSchoolQuota(context, schoolId),
      beforeFiles: (fields) => requireFormToken(req, fields),
    });
  } catch (error) {
    throw asAppError(error);
  }
  const files = form.files.map((file, position) =>
    Object.assign(new MessageFile(), {
      id: newId(),
      schoolId,
      uploadedById: actor.personId,
      ...storedColumns(file, file.kind === 'audio' ? 'message-vocal' : file.kind, position),
      attachedAt: null,
      createdAt: now,
    }),
  );
  try {
    if (files.length > 0) {
      await runInTransaction(context.dataSource, async (manager) => {
        await holdSchoolQuota(manager, context.media.schoolQuotaBytes, schoolId, storedBytesOf(form.files));
        await manager.getRepository(MessageFile).insert(files);
      });
    }
  } catch (error) {
    await deleteStoredFiles(context.media.storage, context.logger, form.files);
    throw error;
  }
  return { files, fields: form.fields };
}
