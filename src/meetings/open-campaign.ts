import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { sqlInstant } from '../db/sql-values.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { findPupil } from '../directory/pupil-facts.js';
import { inForce } from '../directory/in-force.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { MeetingCampaign, MeetingHost } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { checkSlots } from './check-slots.js';
import type { CampaignInput } from './inputs.js';
import { insertSlots } from './insert-slots.js';
import { inviteFamilies } from './invite-families.js';
import { listInvitees, pupilsOfClass } from './invitees.js';

/** Who may hold meetings with the author: people working in the school now. */
async function checkHosts(deps: Pick<ModuleContext, 'dataSource'>, schoolId: string, hostIds: readonly string[], now: Date): Promise<void> {
  const at = sqlInstant(now);
  const rows = await queryRows(
    deps.dataSource,
    rowReader({ personId: column.text }),
    `SELECT DISTINCT m.personId AS personId FROM school_membership m
      WHERE m.schoolId = ? AND m.role IN ('teacher', 'staff', 'director') AND m.personId IN (${hostIds.map(() => '?').join(',')}) AND ${inForce('m')}`,
    [schoolId, ...hostIds, at, at],
  );
  if (rows.length !== hostIds.length) throw new AppError('MEETING_HOST_NOT_ALLOWED');
}

/** The classes a campaign concerns, and the children it invites. */
async function audienceOf(deps: Pick<ModuleContext, 'dataSource'>, input: CampaignInput, now: Date): Promise<{ classIds: string[]; pupilIds: string[] | null }> {
  if (input.classId !== undefined) {
    const rows = await queryRows(deps.dataSource, rowReader({ id: column.text }), 'SELECT id FROM school_class WHERE id = ? AND schoolId = ?', [input.classId, input.schoolId]);
    if (rows.length === 0) throw notFound();
    return { classIds: [input.classId], pupilIds: null };
  }
  const pupils = await Promise.all((input.pupilIds ?? []).map((pupilId) => findPupil(deps.dataSource, input.schoolId, pupilId, now)));
  if (pupils.some((pupil) => pupil === undefined)) throw notFound();
  return { classIds: [...new Set(pupils.flatMap((pupil) => pupil!.classIds))], pupilIds: pupils.map((pupil) => pupil!.id) };
}

/**
 * Opens a round of meetings (or a single meeting proposed to one family): checks who may, the
 * window, the hosts and the slots, writes the campaign, its hosts and slots with their audit
 * record in one transaction, then invites the families through the messaging outbox.
 */
export async function openCampaign(
  deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'messaging' | 'translator' | 'config'>,
  actor: Actor,
  input: CampaignInput,
): Promise<{ campaignId: string; invited: number }> {
  const now = deps.clock.now();
  if (!can(actor, 'view', { kind: 'school', schoolId: input.schoolId })) throw notFound();
  const { classIds, pupilIds } = await audienceOf(deps, input, now);
  const hostIds = [...new Set([actor.personId, ...input.coHostIds])];
  if (!can(actor, 'open', { kind: 'meetingCampaign', schoolId: input.schoolId, classIds, hostIds })) throw new AppError('FORBIDDEN');
  if (input.bookingClosesAt.getTime() <= input.bookingOpensAt.getTime() || input.bookingClosesAt.getTime() <= now.getTime()) {
    throw new AppError('MEETING_WINDOW_INVALID');
  }
  await checkHosts(deps, input.schoolId, hostIds, now);
  const slots = await checkSlots(deps.dataSource, hostIds, input.slots, now);
  const children = pupilIds ?? (await pupilsOfClass(deps.dataSource, input.classId!, now));
  if ((await listInvitees(deps.dataSource, input.schoolId, children, input.informationOnlyInvited, now)).length === 0) throw new AppError('MEETING_NO_FAMILY');

  const campaignId = newId();
  await runInTransaction(deps.dataSource, async (manager) => {
    const campaign: MeetingCampaign = Object.assign(new MeetingCampaign(), {
      id: campaignId,
      schoolId: input.schoolId,
      createdBy: actor.personId,
      title: input.title,
      classId: input.classId ?? null,
      bookingOpensAt: input.bookingOpensAt,
      bookingClosesAt: input.bookingClosesAt,
      informationOnlyInvited: input.informationOnlyInvited,
      status: 'open',
      createdAt: now,
    });
    await manager.getRepository(MeetingCampaign).insert(campaign);
    await manager.getRepository(MeetingHost).insert(hostIds.map((hostId) => ({ campaignId, hostId })));
    await insertSlots(manager, campaignId, slots, now);
    await recordAuditEvent(manager, {
      schoolId: input.schoolId,
      actorId: actor.personId,
      action: 'meeting.campaign.opened',
      subjectKind: 'meetingCampaign',
      subjectId: campaignId,
      detail: { title: input.title, classId: input.classId ?? null, families: pupilIds?.length ?? null, slots: slots.length, hosts: hostIds.length },
      at: now,
    });
  });
  const invited = await inviteFamilies(deps, actor, campaignId, pupilIds);
  return { campaignId, invited };
}
