import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock.js';
import type { Translator } from '../../i18n/translator.js';
import type { ChannelSender } from '../channels/channel.js';

/** What a side outbox's sender needs; the e-mail channel is the notification worker's own (one SMTP pool). */
export interface SideOutboxSenderDependencies {
  readonly dataSource: DataSource;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly translator: Translator;
  readonly email: ChannelSender;
  /** Public URL of the module, for the addresses the e-mails give. */
  readonly baseUrl: string;
  /** How long a claim holds: longer than a slow SMTP conversation, so no second worker sends meanwhile. */
  readonly lockMs?: number;
}

/** How long a side outbox's claim holds: `lockMs`, two minutes unless said otherwise. */
export function claimHoldMs(deps: SideOutboxSenderDependencies): number {
  return deps.lockMs ?? 120_000;
}
