import type { EntityManager } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { MeetingAction, MeetingBooking, MeetingRecord } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { bookingFor } from './booking-access.js';
import { familyOf } from './schedule-notices.js';
import { sendMessage } from '../messaging/send-message.js';
import { meetingResource } from './campaign-facts.js';
import type { RecordInput } from './inputs.js';
import { languageOf } from './meeting-wording.js';

type RecordDeps = Pick<ModuleContext, 'dataSource' | 'clock'>;

/** The record of a booking, created empty the first time it is written. */
async function recordOf(manager: EntityManager, bookingId: string, language: string, now: Date): Promise<MeetingRecord> {
  const repository = manager.getRepository(MeetingRecord);
  const existing = await repository.findOneBy({ bookingId });
  if (existing) return existing;
  const record = Object.assign(new MeetingRecord(), { bookingId, sharedNotes: '', privateNotes: '', summary: '', language, publishedAt: null, familyComment: '', familyCommentBy: null, updatedAt: now });
  await repository.insert(record);
  return record;
}

/**
 * The host writes during and after the meeting: notes shared with the family, private notes, the
 * summary and the action plan (replaced as a whole). Holding the meeting marks it met. Saved with
 * its audit record in one transaction; the private notes' words are never put in the audit log.
 */
export async function saveMeetingRecord(deps: RecordDeps, actor: Actor, bookingId: string, input: RecordInput): Promise<void> {
  const now = deps.clock.now();
  const { booking, campaign, hosts } = await bookingFor(deps.dataSource, actor, bookingId, now);
  if (!hosts) throw new AppError('FORBIDDEN');
  if (booking.status === 'cancelled') throw new AppError('MEETING_NOT_BOOKED');
  const language = input.language ?? (await languageOf(deps.dataSource, actor.personId));
  await runInTransaction(deps.dataSource, async (manager) => {
    await recordOf(manager, bookingId, language, now);
    await manager.getRepository(MeetingRecord).update({ bookingId }, { sharedNotes: input.sharedNotes, privateNotes: input.privateNotes, summary: input.summary, language, updatedAt: now });
    await manager.getRepository(MeetingAction).delete({ bookingId });
    if (input.actions.length > 0) {
      await manager.getRepository(MeetingAction).insert(
        input.actions.map((action, position) => ({ id: newId(), bookingId, owner: action.owner, what: action.what, dueOn: action.dueOn ?? null, position })),
      );
    }
    if (booking.slot.startsAt.getTime() <= now.getTime()) await manager.getRepository(MeetingBooking).update({ id: bookingId, status: 'booked' }, { status: 'met' });
    await recordAuditEvent(manager, {
      schoolId: campaign.schoolId,
      actorId: actor.personId,
      action: 'meeting.record.saved',
      subjectKind: 'meetingBooking',
      subjectId: bookingId,
      detail: { actions: input.actions.length },
      at: now,
    });
  });
}

/**
 * Publishes the summary and plan to the guardians who may see it (from then on, as each one's
 * access stands when they read) and tells them through the messaging outbox: `to` names some of
 * them, all the family when absent. An empty summary and plan is refused (MEETING_SUMMARY_EMPTY),
 * and so is a guardian who may not see it (MEETING_RECIPIENT_NO_ACCESS), before anything is written.
 */
export async function publishMeetingSummary(
  deps: Pick<ModuleContext, 'dataSource' | 'clock' | 'messaging' | 'translator' | 'config'>,
  actor: Actor,
  bookingId: string,
  to: readonly string[] | undefined,
): Promise<void> {
  const now = deps.clock.now();
  const { booking, campaign, pupil, hosts } = await bookingFor(deps.dataSource, actor, bookingId, now);
  if (!hosts) throw new AppError('FORBIDDEN');
  const family = await familyOf(deps.dataSource, campaign, booking, now);
  const recipients = to ?? family;
  if (recipients.some((guardianId) => !family.includes(guardianId))) throw new AppError('MEETING_RECIPIENT_NO_ACCESS');
  await runInTransaction(deps.dataSource, async (manager) => {
    const record = await manager.getRepository(MeetingRecord).findOneBy({ bookingId });
    const actions = await manager.getRepository(MeetingAction).countBy({ bookingId });
    if (!record || (record.summary.trim() === '' && actions === 0)) throw new AppError('MEETING_SUMMARY_EMPTY');
    await manager.getRepository(MeetingRecord).update({ bookingId }, { publishedAt: now, updatedAt: now });
    await recordAuditEvent(manager, { schoolId: campaign.schoolId, actorId: actor.personId, action: 'meeting.summary.published', subjectKind: 'meetingBooking', subjectId: bookingId, detail: { to: recipients.length }, at: now });
  });
  if (recipients.length === 0) return;
  const t = deps.translator.forLanguage(await languageOf(deps.dataSource, actor.personId));
  await sendMessage(
    deps.messaging,
    actor,
    {
      to: { audience: 'family', pupilId: pupil.id, guardianIds: [...recipients], separately: true },
      kind: 'information',
      subject: t('meetings.published.subject', { title: campaign.title }),
      body: t('meetings.published.body', { child: pupil.givenName, link: `${deps.config.baseUrl}/meetings/${bookingId}` }),
      urgent: false,
      copyPupil: false,
      attachments: [],
    },
    null,
  );
}

/** A guardian who may read the published summary adds the family's comment (the latest one stands). */
export async function commentOnMeeting(deps: RecordDeps, actor: Actor, bookingId: string, comment: string): Promise<void> {
  const now = deps.clock.now();
  const { campaign, pupil, summaryPublished } = await bookingFor(deps.dataSource, actor, bookingId, now);
  if (!can(actor, 'comment', meetingResource(campaign, pupil, summaryPublished))) throw new AppError('FORBIDDEN');
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.getRepository(MeetingRecord).update({ bookingId }, { familyComment: comment, familyCommentBy: actor.personId, updatedAt: now });
    await recordAuditEvent(manager, { schoolId: campaign.schoolId, actorId: actor.personId, action: 'meeting.comment.added', subjectKind: 'meetingBooking', subjectId: bookingId, at: now });
  });
}
