import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { campaignResource, loadCampaign } from './campaign-facts.js';
import { checkSlots } from './check-slots.js';
import type { SlotInput } from './inputs.js';
import { insertSlots } from './insert-slots.js';

/** A host adds slots to a round, all checked before any is written (see `checkSlots`). */
export async function addSlots(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, campaignId: string, input: readonly SlotInput[]): Promise<string[]> {
  const now = deps.clock.now();
  const campaign = await loadCampaign(deps.dataSource, campaignId);
  if (!campaign || !can(actor, 'manage', campaignResource(campaign, campaign.classId ? [campaign.classId] : []))) throw notFound();
  const slots = await checkSlots(deps.dataSource, campaign.hostIds, input, now);
  return runInTransaction(deps.dataSource, async (manager) => {
    const ids = await insertSlots(manager, campaignId, slots, now);
    await recordAuditEvent(manager, { schoolId: campaign.schoolId, actorId: actor.personId, action: 'meeting.slots.added', subjectKind: 'meetingCampaign', subjectId: campaignId, detail: { slots: ids.length }, at: now });
    return ids;
  });
}
