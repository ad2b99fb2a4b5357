import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import type { NotificationChannel } from '../model/notification-job.js';
import type { CachedTranslator } from '../translate/cached-translator.js';

/** What the messaging services use; no Express types. */
export interface MessagingDeps {
  readonly dataSource: DataSource;
  readonly clock: Clock;
  /** Channels this deployment can notify through; jobs are planned for these only. */
  readonly channels: ReadonlySet<NotificationChannel>;
  readonly translator: CachedTranslator;
  /** Called once a message is committed: wakes the in-process worker. */
  readonly onAccepted: () => void;
}
