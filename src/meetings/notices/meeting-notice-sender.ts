import { column, queryRows, rowReader } from '../../db/row-reader.js';
import { findPupil } from '../../directory/pupil-facts.js';
import { pickLanguage } from '../../i18n/languages.js';
import { PermanentDeliveryFailure } from '../../notify/channels/channel.js';
import { claimHoldMs, type SideOutboxSenderDependencies } from '../../notify/side-outbox/sender-dependencies.js';
import { sideOutboxRetryTime } from '../../notify/side-outbox/retry-time.js';
import { cancelRows, markRowsFailed, markRowsSent, renewHold } from '../../notify/side-outbox/settle-rows.js';
import type { SideOutbox } from '../../notify/worker.js';
import { loadBooking } from '../booking-facts.js';
import { loadCampaign } from '../campaign-facts.js';
import { claimDueMeetingNotices, MEETING_NOTICE_TABLE, type ClaimedNotice } from './claim-meeting-notices.js';
import { composeMeetingNotice } from './compose-meeting-notice.js';

const readRecipientRow = rowReader({ id: column.text, givenName: column.text, familyName: column.text, email: column.nullableText, preferredLanguage: column.nullableText });

/**
 * Sends the meeting e-mails the bookings wrote (confirmation, move, cancellation, reminder), each
 * with its calendar attachment, through the notification worker's e-mail channel, retried with the
 * outbox's backoff inside the school's hours. What is said is read when sending: a reminder of a
 * meeting cancelled or moved since, or already begun, is dropped.
 */
export class MeetingNoticeSender implements SideOutbox {
  constructor(private readonly deps: SideOutboxSenderDependencies) {}

  /** Sends one claim's worth of what is due; returns how many it took. */
  async runOnce(): Promise<number> {
    const { token, notices } = await claimDueMeetingNotices(this.deps.dataSource, this.deps.clock.now(), claimHoldMs(this.deps), 50);
    for (const notice of notices) {
      await this.deliver(token, notice).catch((error: unknown) =>
        this.deps.logger.error({ err: error, noticeId: notice.id }, 'meeting e-mail failed; retried when its hold ends'),
      );
    }
    return notices.length;
  }

  private async deliver(token: string, notice: ClaimedNotice): Promise<void> {
    const { dataSource, clock } = this.deps;
    const now = clock.now();
    const cancel = (reason: string) => cancelRows(dataSource, MEETING_NOTICE_TABLE, token, [notice.id], reason);
    const booking = await loadBooking(dataSource, notice.bookingId);
    const campaign = booking ? await loadCampaign(dataSource, booking.campaignId) : undefined;
    const pupil = booking && campaign ? await findPupil(dataSource, campaign.schoolId, booking.pupilId, now) : undefined;
    if (!booking || !campaign || !pupil) return cancel('meeting gone');
    if (notice.event === 'reminder' && (booking.status !== 'booked' || booking.sequence !== notice.sequence || booking.slot.startsAt.getTime() <= now.getTime())) {
      return cancel('meeting changed, cancelled or begun since');
    }
    const [recipient] = await queryRows(dataSource, readRecipientRow, 'SELECT id, givenName, familyName, email, preferredLanguage FROM person WHERE id = ?', [notice.recipientId]);
    if (!recipient?.email) return cancel('no e-mail address');
    if (!(await renewHold(dataSource, MEETING_NOTICE_TABLE, token, [notice.id], clock.now(), claimHoldMs(this.deps)))) return;
    const delivery = composeMeetingNotice(
      notice.id,
      notice.event,
      { ...booking, sequence: notice.sequence },
      campaign,
      pupil.givenName,
      { personId: recipient.id, name: `${recipient.givenName} ${recipient.familyName}`, email: recipient.email, language: pickLanguage([recipient.preferredLanguage]) },
      this.deps.translator,
      this.deps.baseUrl,
      now,
    );
    try {
      await this.deps.email.deliver(delivery);
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      await markRowsFailed(dataSource, MEETING_NOTICE_TABLE, token, [notice], { reason: (error as Error).message ?? 'error', permanent, retryAt: sideOutboxRetryTime(notice.attempts + 1, clock.now(), notice.timezone, notice.hours) });
      return;
    }
    await markRowsSent(dataSource, MEETING_NOTICE_TABLE, token, [notice.id], clock.now());
  }
}
