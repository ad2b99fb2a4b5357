import type { EntityManager } from 'typeorm';
import { AppError } from '../../http/errors.js';
import { MessageFile } from '../../model/message-file.js';

/** What a message asks to attach: uploaded files by id, as files or as voice recordings. */
type AttachmentRequest = readonly { mediaId: string; kind: 'file' | 'audio' }[];

/**
 * Takes the sender's uploaded files for a message, inside the message's transaction: each must be
 * theirs, uploaded for this school, not sent before, and a voice recording must be audio. Locked,
 * so a retried request cannot attach the same upload twice.
 */
export async function attachFiles(manager: EntityManager, senderId: string, schoolId: string, requested: AttachmentRequest, now: Date): Promise<void> {
  if (requested.length === 0) return;
  const ids = requested.map((attachment) => attachment.mediaId);
  if (new Set(ids).size !== ids.length) throw new AppError('MESSAGE_ATTACHMENT_UNAVAILABLE');
  const query = manager.getRepository(MessageFile).createQueryBuilder('f').where('f.id IN (:...ids)', { ids });
  if (manager.connection.options.type !== 'better-sqlite3') query.setLock('pessimistic_write');
  const files = await query.getMany();
  const usable = requested.every((attachment) => {
    const file = files.find((candidate) => candidate.id === attachment.mediaId);
    return (
      file !== undefined &&
      file.uploadedById === senderId &&
      file.schoolId === schoolId &&
      file.attachedAt === null &&
      (attachment.kind === 'audio') === (file.kind === 'audio')
    );
  });
  if (!usable) throw new AppError('MESSAGE_ATTACHMENT_UNAVAILABLE', { fields: [{ field: 'attachments', problem: 'invalidChoice' }] });
  await manager.getRepository(MessageFile).createQueryBuilder().update().set({ attachedAt: now }).where('id IN (:...ids)', { ids }).execute();
}
