import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { isUniqueViolation } from '../db/unique-violation.js';
import { notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { MeetingInvitation } from '../model/meeting.js';
import { sendMessage } from '../messaging/send-message.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { campaignResource, loadCampaign } from './campaign-facts.js';
import { listInvitees, pupilsOfClass, type Invitee } from './invitees.js';
import { languageOf, meetingTime } from './meeting-wording.js';

type InviteDeps = Pick<ModuleContext, 'dataSource' | 'clock' | 'messaging' | 'translator' | 'config'>;

/**
 * Invites the families of a campaign who have not been invited yet: one message per child's
 * guardian, each separately (separated parents), through the messaging outbox, so notifications
 * keep to the school's and each person's quiet hours. Safe to run again (families who joined
 * the class since): the guardians already invited are skipped. Returns how many were invited.
 */
export async function inviteFamilies(deps: InviteDeps, actor: Actor, campaignId: string, chosenPupilIds: readonly string[] | null): Promise<number> {
  const now = deps.clock.now();
  const campaign = await loadCampaign(deps.dataSource, campaignId);
  if (!campaign || !can(actor, 'manage', campaignResource(campaign, campaign.classId ? [campaign.classId] : []))) throw notFound();
  const pupilIds = chosenPupilIds ?? (campaign.classId ? await pupilsOfClass(deps.dataSource, campaign.classId, now) : await invitedPupils(deps, campaignId));
  const already = await queryRows(deps.dataSource, rowReader({ pupilId: column.text, guardianId: column.text }), 'SELECT pupilId, guardianId FROM meeting_invitation WHERE campaignId = ?', [campaignId]);
  const done = new Set(already.map((row) => `${row.pupilId}/${row.guardianId}`));
  const invitees = (await listInvitees(deps.dataSource, campaign.schoolId, pupilIds, campaign.informationOnlyInvited, now)).filter(
    (invitee) => !done.has(`${invitee.pupilId}/${invitee.guardianId}`),
  );
  const byPupil = new Map<string, Invitee[]>();
  for (const invitee of invitees) byPupil.set(invitee.pupilId, [...(byPupil.get(invitee.pupilId) ?? []), invitee]);

  const language = await languageOf(deps.dataSource, actor.personId);
  const t = deps.translator.forLanguage(language);
  let invited = 0;
  for (const [pupilId, guardians] of byPupil) {
    const link = `${deps.config.baseUrl}/meetings/campaigns/${campaignId}?pupilId=${pupilId}`;
    const outcome = await sendMessage(
      deps.messaging,
      actor,
      {
        to: { audience: 'family', pupilId, guardianIds: guardians.map((guardian) => guardian.guardianId), separately: true },
        kind: 'information',
        subject: t('meetings.invitation.subject', { title: campaign.title }),
        body: t('meetings.invitation.body', { title: campaign.title, deadline: meetingTime(campaign.bookingClosesAt, campaign.timezone, language), link }),
        urgent: false,
        copyPupil: false,
        attachments: [],
      },
      null,
    );
    const messageIds = outcome.messages.map((message) => message.id);
    const recipients = await queryRows(deps.dataSource, rowReader({ messageId: column.text, personId: column.text }),
      `SELECT messageId, personId FROM message_recipient WHERE messageId IN (${messageIds.map(() => '?').join(',')})`, messageIds);
    for (const guardian of guardians) {
      const messageId = recipients.find((row) => row.personId === guardian.guardianId)?.messageId ?? null;
      try {
        await deps.dataSource.getRepository(MeetingInvitation).insert({ id: newId(), campaignId, pupilId, guardianId: guardian.guardianId, messageId, invitedAt: now });
        invited += 1;
      } catch (error) {
        // Invited at the same moment by another request: that row stands.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }
  if (invited > 0) {
    await runInTransaction(deps.dataSource, (manager) =>
      recordAuditEvent(manager, { schoolId: campaign.schoolId, actorId: actor.personId, action: 'meeting.families.invited', subjectKind: 'meetingCampaign', subjectId: campaignId, detail: { guardians: invited, children: byPupil.size }, at: now }),
    );
  }
  return invited;
}

/** The children already invited to a round of chosen families. */
async function invitedPupils(deps: InviteDeps, campaignId: string): Promise<string[]> {
  const rows = await queryRows(deps.dataSource, rowReader({ pupilId: column.text }), 'SELECT DISTINCT pupilId FROM meeting_invitation WHERE campaignId = ?', [campaignId]);
  return rows.map((row) => row.pupilId);
}
