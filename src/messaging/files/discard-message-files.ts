import type { ModuleContext } from '../../context.js';
import { runInTransaction } from '../../db/transaction.js';
import type { MessageFile } from '../../model/message-file.js';
import { deleteStoredFiles } from '../../media/index.js';

/** Deletes files uploaded with a message that was refused: their rows (if still unattached), then their objects. */
export async function discardMessageFiles(context: ModuleContext, files: readonly MessageFile[]): Promise<void> {
  if (files.length === 0) return;
  await runInTransaction(context.dataSource, (manager) =>
    manager.query(`DELETE FROM message_file WHERE attachedAt IS NULL AND id IN (${files.map(() => '?').join(', ')})`, files.map((file) => file.id)),
  );
  await deleteStoredFiles(
    context.media.storage,
    context.logger,
    files.map((file) => ({ keys: { original: file.originalKey, screen: file.screenKey, thumbnail: file.thumbnailKey } })),
  );
}
