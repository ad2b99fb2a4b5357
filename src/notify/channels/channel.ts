import type { NotificationChannel } from '../../model/notification-job.js';

/** One message a notification tells about. */
interface NotifiedMessage {
  readonly messageId: string;
  readonly senderName: string;
  readonly subject: string | null;
  readonly kind: string;
  readonly urgent: boolean;
}

/**
 * What a channel delivers: one notification to one person, about one message or, for digests,
 * several. `id` is stable across retries, so the receiving end can drop a repeat
 * (e-mail Message-ID, Web Push topic, the ENT's idempotency key).
 */
export interface Delivery {
  readonly id: string;
  readonly channel: NotificationChannel;
  readonly recipient: {
    readonly personId: string;
    readonly name: string;
    readonly email: string | null;
    /** Interface language of the notification's words. */
    readonly language: string;
  };
  readonly messages: readonly NotifiedMessage[];
  /** Where to read them (absolute URL). */
  readonly link: string;
  /** Title and body already translated for the recipient. */
  readonly title: string;
  readonly text: string;
  /**
   * A one-click address that stops these notifications (RFC 8058), for notifications to people
   * without an account who cannot change their preferences otherwise.
   */
  readonly unsubscribeUrl?: string;
  /** Files the e-mail carries (a meeting's calendar invitation); other channels ignore them. */
  readonly attachments?: readonly DeliveryAttachment[];
}

/** A file attached to an e-mail delivery. */
export interface DeliveryAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string;
}

/** A way to reach people. `deliver` throws when the delivery must be retried later. */
export interface ChannelSender {
  deliver(delivery: Delivery): Promise<void>;
  close?(): Promise<void>;
}

/** A delivery that will never succeed (no such address, a gone push subscription): not retried. */
export class PermanentDeliveryFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryFailure';
  }
}
