import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Translator } from '../i18n/translator.js';
import type { NotificationChannel } from '../model/notification-job.js';
import { PermanentDeliveryFailure, type ChannelSender } from './channels/channel.js';
import { claimDueJobs, type ClaimedJob } from './claim-jobs.js';
import { composeDelivery } from './compose-delivery.js';
import { markCancelled, markFailed, markSent } from './settle-jobs.js';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { outboxMetrics } from '../metrics/metrics.js';

/** Longest pause between rounds while the database is unavailable. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Another outbox the worker drains on each round, after the message jobs, through the same
 * channels (the notices to personal-link holders, src/sharing/link-notices/; the teachers' weekly
 * portfolio reminders, src/portfolio/weekly-reminders/).
 */
export interface SideOutbox {
  /** Delivers what is due now; returns how many rows it settled. */
  runOnce(): Promise<number>;
}

/** What the worker needs. */
interface WorkerDependencies {
  readonly dataSource: DataSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly translator: Translator;
  readonly channels: Partial<Record<NotificationChannel, ChannelSender>>;
  /** Public URL of the module, for links in notifications. */
  readonly baseUrl: string;
  readonly batchSize?: number;
  /** Deliveries in flight at once. */
  readonly concurrency?: number;
  /**
   * How long a claim holds before another worker may take the job (a crashed worker's jobs come
   * back after it). Batches are small enough to be settled well within it.
   */
  readonly lockMs?: number;
  /** Other outboxes drained after the message jobs on each round. */
  readonly sideOutboxes?: readonly SideOutbox[];
}

/**
 * Delivers the notification outbox: at least once, retried with backoff, never before the time
 * the quiet-hours planner chose. Several workers (in-process or `e-carnet worker`) may run at once.
 */
export class NotificationWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Rounds failed in a row; the poll interval doubles with each, up to MAX_BACKOFF_MS. */
  private failedRounds = 0;
  private intervalMs = 5_000;

  constructor(private readonly deps: WorkerDependencies) {}

  /**
   * Delivers what is due now: the message jobs until none is due, then one claim of each side
   * outbox; returns how many rows it took.
   */
  async runOnce(): Promise<number> {
    let settled = 0;
    for (;;) {
      const now = this.deps.clock.now();
      const { token, jobs } = await claimDueJobs(this.deps.dataSource, now, this.deps.lockMs ?? 30_000, this.deps.batchSize ?? 200);
      if (jobs.length === 0) break;
      await this.settle(token, jobs);
      settled += jobs.length;
    }
    for (const outbox of this.deps.sideOutboxes ?? []) settled += await outbox.runOnce();
    return settled;
  }

  private async settle(token: string, jobs: ClaimedJob[]): Promise<void> {
    const recalled = jobs.filter((job) => job.recalled);
    if (recalled.length > 0) {
      await markCancelled(this.deps.dataSource, token, recalled.map((job) => job.id));
      for (const job of recalled) outboxMetrics.deliveries.inc({ channel: job.channel, outcome: 'cancelled' });
    }
    // Jobs of one person on one channel that fall due together go as one notification (digests).
    const groups = new Map<string, ClaimedJob[]>();
    for (const job of jobs) {
      if (job.recalled) continue;
      const key = `${job.recipientId}/${job.channel}`;
      groups.set(key, [...(groups.get(key) ?? []), job]);
    }
    const queue = [...groups.values()];
    const lanes = Array.from({ length: Math.min(this.deps.concurrency ?? 8, queue.length) }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) await this.deliverGroup(token, group);
    });
    await Promise.all(lanes);
  }

  private async deliverGroup(token: string, jobs: ClaimedJob[]): Promise<void> {
    const { dataSource, clock, logger } = this.deps;
    const channel = this.deps.channels[jobs[0]!.channel];
    const ids = jobs.map((job) => job.id);
    const count = (outcome: string) => outboxMetrics.deliveries.inc({ channel: jobs[0]!.channel, outcome }, jobs.length);
    if (!channel) {
      await markFailed(dataSource, token, jobs, 'channel not configured', true, clock.now());
      count('permanentFailure');
      return;
    }
    try {
      await channel.deliver(composeDelivery(jobs, this.deps.translator, this.deps.baseUrl));
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      logger.warn({ err: error, jobs: ids, permanent }, 'notification not delivered');
      await markFailed(dataSource, token, jobs, (error as Error).message ?? 'error', permanent, clock.now());
      count(permanent ? 'permanentFailure' : 'failure');
      return;
    }
    await markSent(dataSource, token, ids, jobs.map((job) => ({ messageId: job.messageId, personId: job.recipientId })), clock.now());
    count('sent');
  }

  /** Runs now (soon after a message is accepted) rather than at the next tick. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runOnce()
      .then(
        // Side outboxes take one claim per round: while they find work, go round again.
        (settled) => {
          // Back from an outage: poll at the normal pace again now, not after the longest pause.
          if (this.failedRounds > 0) this.schedule(this.intervalMs);
          this.failedRounds = 0;
          if (settled > 0) this.again = true;
        },
        (error: unknown) => {
          this.failedRounds += 1;
          outboxMetrics.roundFailures.inc();
          // A database outage is expected to pass: a warning, and the next rounds come later and later.
          if (isDatabaseUnavailable(error)) this.deps.logger.warn({ err: error, failedRounds: this.failedRounds }, 'notification worker: database unavailable; backing off');
          else this.deps.logger.error({ err: error }, 'notification worker failed; will retry');
        },
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Polls every `intervalMs` (deferred notifications fall due with time, not with a send). */
  start(intervalMs = 5_000): void {
    this.stopped = false;
    this.intervalMs = intervalMs;
    this.poke();
    this.schedule(this.nextPollMs(intervalMs));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.poke();
      this.schedule(this.nextPollMs(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  /** The pause before the next poll: the interval, doubled for each round failed in a row. */
  nextPollMs(intervalMs: number): number {
    return Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(this.failedRounds, 16));
  }

  /**
   * Stops polling and waits for the deliveries in flight, at most `graceMs`: a delivery still
   * running then is left to its claim, which expires, and the job is delivered again later under
   * the same id (the receiving side drops the repeat).
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    let timer: NodeJS.Timeout | undefined;
    const cut = Number.isFinite(graceMs) ? new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))) : new Promise<void>(() => undefined);
    await Promise.race([this.running, cut]);
    clearTimeout(timer);
    for (const channel of Object.values(this.deps.channels)) await channel?.close?.();
  }
}
