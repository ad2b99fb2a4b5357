import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { createTranslator } from '../i18n/translator.js';
import { channelsFromConfig } from './channels-from-config.js';
import type { EntNotificationHook } from './channels/ent-hook.js';
import { NotificationWorker } from './worker.js';

/** How often the worker looks for notifications that have fallen due (quiet hours ending, retries). */
const POLL_MS = 5_000;

/** Builds the notification worker from the configuration and starts polling. */
export function startNotificationWorker(config: Config, dataSource: DataSource, logger: Logger, clock: Clock, entHook?: EntNotificationHook): NotificationWorker {
  const worker = new NotificationWorker({
    dataSource,
    clock,
    logger,
    translator: createTranslator(),
    channels: channelsFromConfig(config, dataSource, entHook),
    baseUrl: config.baseUrl,
  });
  worker.start(POLL_MS);
  return worker;
}
