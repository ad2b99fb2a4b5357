import { PermanentDeliveryFailure } from '../../notify/channels/channel.js';
import { sideOutboxRetryTime } from '../../notify/side-outbox/retry-time.js';
import { claimHoldMs, type SideOutboxSenderDependencies } from '../../notify/side-outbox/sender-dependencies.js';
import { cancelRows, markRowsFailed, markRowsSent, renewHold } from '../../notify/side-outbox/settle-rows.js';
import type { SideOutbox } from '../../notify/worker.js';
import { claimDueRetentionNotices, RETENTION_NOTICE_TABLE, type ClaimedRetentionNotice } from './claim-retention-notices.js';
import { composeRetentionNotice } from './compose-retention-notice.js';

/**
 * Sends the notices the retention job wrote (`scheduleRetentionNotices`): one e-mail per child who
 * left and guardian, retried with the outbox's backoff within the school's notification hours.
 * A guardian without an e-mail address, or a notice whose date has passed, is cancelled with the
 * reason. The notification worker runs it on each of its rounds.
 */
export class RetentionNoticeSender implements SideOutbox {
  constructor(private readonly deps: SideOutboxSenderDependencies) {}

  /** Sends one claim's worth of what is due; returns how many notices it took. */
  async runOnce(): Promise<number> {
    const { token, notices } = await claimDueRetentionNotices(this.deps.dataSource, this.deps.clock.now(), claimHoldMs(this.deps), 20);
    for (const notice of notices) {
      await this.deliver(token, notice).catch((error: unknown) =>
        this.deps.logger.error({ err: error, noticeId: notice.id }, 'retention notice failed; retried when its hold ends'),
      );
    }
    return notices.length;
  }

  private async deliver(token: string, notice: ClaimedRetentionNotice): Promise<void> {
    const { dataSource, clock } = this.deps;
    const cancel = (reason: string) => cancelRows(dataSource, RETENTION_NOTICE_TABLE, token, [notice.id], reason);
    if (!notice.email) return cancel('no e-mail address');
    if (notice.deleteAfter <= clock.now()) return cancel('its date has passed');
    if (!(await renewHold(dataSource, RETENTION_NOTICE_TABLE, token, [notice.id], clock.now(), claimHoldMs(this.deps)))) return;
    try {
      await this.deps.email.deliver(composeRetentionNotice(notice, this.deps.translator, this.deps.baseUrl));
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      this.deps.logger.warn({ err: error, noticeId: notice.id, permanent }, 'retention notice not delivered');
      await markRowsFailed(dataSource, RETENTION_NOTICE_TABLE, token, [notice], {
        reason: (error as Error).message ?? 'error',
        permanent,
        retryAt: sideOutboxRetryTime(notice.attempts + 1, clock.now(), notice.timezone, notice.hours),
      });
      return;
    }
    await markRowsSent(dataSource, RETENTION_NOTICE_TABLE, token, [notice.id], clock.now());
  }
}
