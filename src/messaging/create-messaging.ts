import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { NotificationChannel } from '../model/notification-job.js';
import { CachedTranslator } from '../translate/cached-translator.js';
import { translationProviderFrom } from '../translate/provider-from-config.js';
import type { TranslationProvider } from '../translate/provider.js';
import type { MessagingDeps } from './messaging-deps.js';

/** Builds the messaging services' dependencies from the configuration. */
export function createMessagingDeps(
  config: Config,
  dataSource: DataSource,
  clock: Clock,
  options: { entHook: boolean; onAccepted?: () => void; translationProvider?: TranslationProvider | null },
): MessagingDeps {
  const channels = new Set<NotificationChannel>(['email']);
  if (config.messaging.vapid) channels.add('push');
  if (options.entHook) channels.add('ent');
  const provider = options.translationProvider === undefined ? translationProviderFrom(config.messaging.translation) : options.translationProvider;
  return {
    dataSource,
    clock,
    channels,
    translator: new CachedTranslator(dataSource, provider),
    onAccepted: options.onAccepted ?? (() => undefined),
  };
}
