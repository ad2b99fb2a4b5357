import type { Request, Response } from 'express';
import type { ModuleContext } from '../../context.js';
import { notFound } from '../../http/errors.js';
import { sendRendition, type Rendition } from '../../media/index.js';
import { MessageFile } from '../../model/message-file.js';
import type { Actor } from '../../policy/actor.js';
import { loadMessageFor } from '../load-message.js';

/**
 * Sends a message's attached file to someone who may read that message (a recipient still
 * allowed to follow the child, the sender); anyone else gets NOT_FOUND. A recalled message's
 * files go with it.
 */
export async function serveMessageFile(
  context: ModuleContext,
  actor: Actor,
  messageId: string,
  fileId: string,
  rendition: Rendition,
  download: boolean,
  req: Request,
  res: Response,
): Promise<void> {
  const message = await loadMessageFor(context.dataSource, actor, messageId, 'read');
  if (message.recalledAt !== null) throw notFound();
  const linked = (await context.dataSource.query('SELECT 1 AS linked FROM message_attachment WHERE messageId = ? AND mediaId = ?', [messageId, fileId])) as unknown[];
  if (linked.length === 0) throw notFound();
  const file = await context.dataSource.getRepository(MessageFile).findOneBy({ id: fileId });
  if (!file) throw notFound();
  await sendRendition(req, res, context.media.storage, file, rendition, download);
}
