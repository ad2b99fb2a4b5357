import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Translator } from '../i18n/translator.js';
import type { NotificationChannel } from '../model/notification-job.js';
import { PermanentDeliveryFailure, type ChannelSender } from './channels/channel.js';
import { claimDueJobs, type ClaimedJob } from './claim-jobs.js';
import { composeDelivery } from './compose-delivery.js';
import { markCancelled, markFailed, markSent } from './settle-jobs.js';

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
export interface WorkerDependencies {
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
    if (recalled.length > 0) await markCancelled(this.deps.dataSource, token, recalled.map((job) => job.id));
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
    if (!channel) {
      await markFailed(dataSource, token, jobs, 'channel not configured', true, clock.now());
      return;
    }
    try {
      await channel.deliver(composeDelivery(jobs, this.deps.translator, this.deps.baseUrl));
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      logger.warn({ err: error, jobs: ids, permanent }, 'notification not delivered');
      await markFailed(dataSource, token, jobs, (error as Error).message ?? 'error', permanent, clock.now());
      return;
    }
    await markSent(dataSource, token, ids, jobs.map((job) => ({ messageId: job.messageId, personId: job.recipientId })), clock.now());
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
          if (settled > 0) this.again = true;
        },
        (error: unknown) => this.deps.logger.error({ err: error }, 'notification worker failed; will retry'),
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
    const tick = () => {
      this.poke();
      this.timer = setTimeout(tick, intervalMs);
      this.timer.unref();
    };
    tick();
  }

  /** Stops polling and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    for (const channel of Object.values(this.deps.channels)) await channel?.close?.();
  }
}
