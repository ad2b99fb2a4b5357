import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { SessionManager } from './auth/session-manager.js';
import type { Clock } from './clock.js';
import type { Config } from './config/schema.js';
import type { Translator } from './i18n/translator.js';
import type { MediaLimits, MediaStorage } from './media/index.js';
import type { MessagingServices } from './messaging/messaging-services.js';

/** What every router and service of the module may use; built once by `createApp`. */
export interface ModuleContext {
  readonly config: Config;
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly sessions: SessionManager;
  readonly translator: Translator;
  /** Where media are stored and the limits uploads must respect. */
  readonly media: { readonly storage: MediaStorage; readonly limits: MediaLimits; readonly schoolQuotaBytes: number };
  /** Messaging's services, with the same data source and clock, as its services take them (`MessagingDeps`). */
  readonly messaging: Pick<ModuleContext, 'dataSource' | 'clock'> & MessagingServices;
}
