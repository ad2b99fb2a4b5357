import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema.js';
import type { NotificationChannel } from '../model/notification-job.js';
import type { ChannelSender } from './channels/channel.js';
import { EmailChannel } from './channels/email.js';
import { EntChannel, type EntNotificationHook } from './channels/ent-hook.js';
import { WebPushChannel } from './channels/web-push.js';

/** The channels this deployment can use: e-mail always (files when no SMTP), push with VAPID keys, the ENT with a hook. */
export function channelsFromConfig(config: Config, dataSource: DataSource, entHook?: EntNotificationHook): Partial<Record<NotificationChannel, ChannelSender>> {
  const channels: Partial<Record<NotificationChannel, ChannelSender>> = {
    email: new EmailChannel({ smtpUrl: config.messaging.smtpUrl, from: config.messaging.mailFrom, dataDir: config.dataDir, hostname: new URL(config.baseUrl).hostname }),
  };
  if (config.messaging.vapid) channels.push = new WebPushChannel(dataSource, config.messaging.vapid);
  if (entHook) channels.ent = new EntChannel(entHook);
  return channels;
}
