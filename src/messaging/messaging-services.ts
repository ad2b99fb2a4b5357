import type { NotificationChannel } from '../model/notification-job.js';
import type { CachedTranslator } from '../translate/cached-translator.js';

/** What messaging keeps across requests, beside the module's database and clock. */
export interface MessagingServices {
  /** Channels this deployment can notify through; jobs are planned for these only. */
  readonly channels: ReadonlySet<NotificationChannel>;
  readonly translator: CachedTranslator;
  /** Called once a message is committed: wakes the in-process worker. */
  readonly onAccepted: () => void;
}
