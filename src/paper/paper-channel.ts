import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import type { ModuleContext } from '../context.js';
import { PaperChannel } from '../model/paper-channel.js';
import type { Actor } from '../policy/actor.js';

/** Whether the person asked for paper copies of important messages. */
export async function loadPaperChannel(deps: Pick<ModuleContext, 'dataSource'>, actor: Actor): Promise<boolean> {
  return (await deps.dataSource.getRepository(PaperChannel).countBy({ personId: actor.personId })) > 0;
}

/**
 * A person's own choice of paper as their channel: the school then prints the important
 * messages for them without waiting to see whether they read them. Audited, as the school acts on it.
 */
export async function choosePaperChannel(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, paper: boolean): Promise<void> {
  const now = deps.clock.now();
  await runInTransaction(deps.dataSource, async (manager) => {
    const had = (await manager.countBy(PaperChannel, { personId: actor.personId })) > 0;
    if (had === paper) return;
    if (paper) await manager.insert(PaperChannel, { personId: actor.personId, chosenAt: now });
    else await manager.delete(PaperChannel, { personId: actor.personId });
    await recordAuditEvent(manager, {
      schoolId: null,
      actorId: actor.personId,
      action: paper ? 'messaging.paperChosen' : 'messaging.paperDropped',
      subjectKind: 'person',
      subjectId: actor.personId,
      at: now,
    });
  });
}
