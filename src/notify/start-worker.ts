import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { createTranslator } from '../i18n/translator.js';
import { MeetingNoticeSender } from '../meetings/notices/meeting-notice-sender.js';
import { WeeklyReminderSender } from '../portfolio/weekly-reminders/weekly-reminder-sender.js';
import { LinkNoticeSender } from '../sharing/link-notices/link-notice-sender.js';
import { RetentionNoticeSender } from '../retention/notices/retention-notice-sender.js';
import { channelsFromConfig } from './channels-from-config.js';
import type { EntNotificationHook } from './channels/ent-hook.js';
import { NotificationWorker } from './worker.js';

/** How often the worker looks for notifications that have fallen due (quiet hours ending, retries). */
const POLL_MS = 5_000;

/**
 * The notification worker this configuration describes, not started: the message outbox, and, through
 * the same e-mail channel, the notices to personal-link holders and the teachers' weekly portfolio
 * reminders.
 */
export function createNotificationWorker(config: Config, dataSource: DataSource, logger: Logger, clock: Clock, entHook?: EntNotificationHook): NotificationWorker {
  const translator = createTranslator();
  const channels = channelsFromConfig(config, dataSource, entHook);
  const email = channels.email;
  const sideOutboxDeps = email ? { dataSource, clock, logger, translator, email, baseUrl: config.baseUrl } : undefined;
  return new NotificationWorker({
    dataSource,
    clock,
    logger,
    translator,
    channels,
    baseUrl: config.baseUrl,
    sideOutboxes: sideOutboxDeps
      ? [new LinkNoticeSender(sideOutboxDeps), new WeeklyReminderSender(sideOutboxDeps), new RetentionNoticeSender(sideOutboxDeps), new MeetingNoticeSender(sideOutboxDeps)]
      : [],
  });
}

/** Builds the notification worker from the configuration and starts polling. */
export function startNotificationWorker(config: Config, dataSource: DataSource, logger: Logger, clock: Clock, entHook?: EntNotificationHook): NotificationWorker {
  const worker = createNotificationWorker(config, dataSource, logger, clock, entHook);
  worker.start(POLL_MS);
  return worker;
}
