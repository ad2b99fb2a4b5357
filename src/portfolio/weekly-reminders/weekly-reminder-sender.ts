import { PermanentDeliveryFailure } from '../../notify/channels/channel.js';
import { claimHoldMs, type SideOutboxSenderDependencies } from '../../notify/side-outbox/sender-dependencies.js';
import { sideOutboxRetryTime } from '../../notify/side-outbox/retry-time.js';
import { cancelRows, markRowsFailed, markRowsSent, renewHold } from '../../notify/side-outbox/settle-rows.js';
import type { SideOutbox } from '../../notify/worker.js';
import { claimDueWeeklyReminders, WEEKLY_REMINDER_TABLE, type ClaimedReminder } from './claim-weekly-reminders.js';
import { composeWeeklyReminder } from './compose-weekly-reminder.js';
import { readWeeklyReminderContext, type WeeklyReminderContext } from './reminder-context.js';
import { isWeekOver } from './reminder-week.js';

/** What the sender needs: a side outbox's dependencies, and how many teachers one claim takes. */
interface WeeklyReminderSenderDependencies extends SideOutboxSenderDependencies {
  readonly teachersPerClaim?: number;
}

/**
 * Sends the weekly reminders the scan wrote (`scheduleWeeklyReminders`): one e-mail per teacher
 * and week, said from what holds when sending, retried with the outbox's backoff inside the
 * school's notification hours until the SMTP server accepts. The notification worker runs it on
 * each of its rounds.
 */
export class WeeklyReminderSender implements SideOutbox {
  constructor(private readonly deps: WeeklyReminderSenderDependencies) {}

  /**
   * Sends one claim's worth of what is due (the worker comes back on its next round, so message
   * notifications never wait behind a Monday morning of reminders); returns how many it took.
   * One teacher's failure is logged and does not stop the others: that row comes back when its
   * hold ends.
   */
  async runOnce(): Promise<number> {
    const { token, reminders } = await claimDueWeeklyReminders(this.deps.dataSource, this.deps.clock.now(), this.lockMs(), this.deps.teachersPerClaim ?? 20);
    for (const reminder of reminders) {
      await this.deliver(token, reminder).catch((error: unknown) =>
        this.deps.logger.error({ err: error, teacherId: reminder.teacherId, weekStart: reminder.weekStart }, 'weekly portfolio reminder failed; retried when its hold ends'),
      );
    }
    return reminders.length;
  }

  private lockMs(): number {
    return claimHoldMs(this.deps);
  }

  private async deliver(token: string, reminder: ClaimedReminder): Promise<void> {
    const { dataSource, clock } = this.deps;
    const now = clock.now();
    const cancel = (reason: string) => cancelRows(dataSource, WEEKLY_REMINDER_TABLE, token, [reminder.id], reason);
    // Still unsent when the next week's reminder is due (SMTP down for days): that one says it better.
    if (isWeekOver(reminder.weekStart, now, reminder.timezone, reminder.hours)) return cancel('its week is over');
    const context = await readWeeklyReminderContext(dataSource, reminder.teacherId, now);
    const skip = whyNothingToSend(context);
    if (skip || !context) return cancel(skip ?? 'teacher gone');

    // Another worker took the row over while this one was slow: it sends, not this one.
    if (!(await renewHold(dataSource, WEEKLY_REMINDER_TABLE, token, [reminder.id], clock.now(), this.lockMs()))) return;
    try {
      await this.deps.email.deliver(composeWeeklyReminder(reminder.id, context, this.deps.translator, this.deps.baseUrl));
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      this.deps.logger.warn({ err: error, teacherId: reminder.teacherId, weekStart: reminder.weekStart, permanent }, 'weekly portfolio reminder not delivered');
      await markRowsFailed(dataSource, WEEKLY_REMINDER_TABLE, token, [reminder], { reason: (error as Error).message ?? 'error', permanent, retryAt: sideOutboxRetryTime(reminder.attempts + 1, clock.now(), reminder.timezone, reminder.hours) });
      return;
    }
    await markRowsSent(dataSource, WEEKLY_REMINDER_TABLE, token, [reminder.id], clock.now());
  }
}

/**
 * Why this week's e-mail is not sent, or undefined when it is. No e-mail when every class is up to
 * date: the reminder is there to name the children to feature, and a weekly "all is well" would
 * soon be an e-mail teachers learn to ignore.
 */
function whyNothingToSend(context: WeeklyReminderContext | undefined): string | undefined {
  if (!context) return 'teacher gone';
  if (!context.wanted) return 'turned off by the teacher';
  if (!context.email) return 'no e-mail address';
  if (context.reminders.length === 0) return 'no class taught in a school that sends the reminder';
  if (context.reminders.every((reminder) => reminder.dueCount === 0)) return 'nothing to remind: every class is up to date';
  return undefined;
}

