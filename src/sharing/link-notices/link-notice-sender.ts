import { PermanentDeliveryFailure } from '../../notify/channels/channel.js';
import { claimHoldMs, type SideOutboxSenderDependencies } from '../../notify/side-outbox/sender-dependencies.js';
import { sideOutboxRetryTime } from '../../notify/side-outbox/retry-time.js';
import type { SideOutbox } from '../../notify/worker.js';
import { claimDueLinkNotices, LINK_NOTICE_TABLE, type ClaimedNotice } from './claim-link-notices.js';
import { renewHold } from '../../notify/side-outbox/settle-rows.js';
import { composeLinkNotice } from './compose-link-notice.js';
import { readLinkNoticeContext, stillVisibleEntries } from './notice-context.js';
import { cancelNotices, forgetNotices, markNoticesFailed, markNoticesSent } from './settle-link-notices.js';
import { issueUnsubscribeToken, UNSUBSCRIBE_PATH } from './unsubscribe-tokens.js';

/** What the sender needs: a side outbox's dependencies, and how many links one claim takes. */
interface LinkNoticeSenderDependencies extends SideOutboxSenderDependencies {
  readonly linksPerClaim?: number;
}

/**
 * Sends the notices the scan scheduled (`scheduleLinkNotices`): one e-mail per link for all its
 * due notices, only if the link is still live and its entries still visible when sending, retried
 * with the outbox's backoff inside the school's notification hours until the SMTP server accepts.
 * The notification worker runs it on each of its rounds.
 */
export class LinkNoticeSender implements SideOutbox {
  constructor(private readonly deps: LinkNoticeSenderDependencies) {}

  /**
   * Sends one claim's worth of what is due (the worker comes back on its next round, so message
   * notifications never wait behind a burst of notices); returns how many notices it took. One
   * link's failure is logged and does not stop the others: its notices come back when their hold ends.
   */
  async runOnce(): Promise<number> {
    const { token, byLink } = await claimDueLinkNotices(this.deps.dataSource, this.deps.clock.now(), this.lockMs(), this.deps.linksPerClaim ?? 20);
    let taken = 0;
    for (const [grantId, notices] of byLink) {
      await this.deliver(token, grantId, notices).catch((error: unknown) =>
        this.deps.logger.error({ err: error, grantId }, 'link holder notice failed; retried when its hold ends'),
      );
      taken += notices.length;
    }
    return taken;
  }

  private lockMs(): number {
    return claimHoldMs(this.deps);
  }

  private async deliver(token: string, grantId: string, notices: readonly ClaimedNotice[]): Promise<void> {
    const { dataSource, clock } = this.deps;
    const now = clock.now();
    const context = await readLinkNoticeContext(dataSource, grantId, now);
    if (!context) {
      await cancelNotices(dataSource, token, notices.map((notice) => notice.id), 'link no longer live, unsubscribed, or links forbidden');
      return;
    }
    const visible = await stillVisibleEntries(dataSource, context.pupilId, notices.map((notice) => notice.entryId), now);
    await forgetNotices(dataSource, token, notices.filter((notice) => !visible.has(notice.entryId)).map((notice) => notice.id));
    const news = notices.filter((notice) => visible.has(notice.entryId));
    if (news.length === 0) return;

    // Another worker took the notices over while this one was slow: it sends, not this one.
    if (!(await renewHold(dataSource, LINK_NOTICE_TABLE, token, news.map((notice) => notice.id), clock.now(), this.lockMs()))) return;
    // A token per attempt: one issued for an e-mail that never left is never seen, and expires unused.
    const unsubscribeToken = await issueUnsubscribeToken(dataSource, grantId, now);
    const unsubscribeUrl = `${this.deps.baseUrl}${UNSUBSCRIBE_PATH}/${unsubscribeToken}?lang=${context.language}`;
    try {
      await this.deps.email.deliver(composeLinkNotice(context, news.map((notice) => notice.id), unsubscribeUrl, this.deps.translator));
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      this.deps.logger.warn({ err: error, grantId, notices: news.length, permanent }, 'link holder notice not delivered');
      // The e-mail is tried again as one, after the backoff of its most tried notice.
      const attempt = Math.max(...news.map((notice) => notice.attempts)) + 1;
      const retryAt = sideOutboxRetryTime(attempt, clock.now(), context.timezone, context.hours);
      await markNoticesFailed(dataSource, token, news, { reason: (error as Error).message ?? 'error', permanent, retryAt });
      return;
    }
    await markNoticesSent(dataSource, token, news.map((notice) => notice.id), clock.now());
  }
}

