import type { ChannelSender, Delivery } from './channel.js';

/**
 * What a connector implements to post notifications into the ENT's own feed (Edifice timeline,
 * Skolengo notifications…). `delivery.id` is the idempotency key: posting it twice must show once.
 */
export interface EntNotificationHook {
  post(delivery: Delivery): Promise<void>;
}

/** The channel that hands deliveries to the ENT hook. */
export class EntChannel implements ChannelSender {
  constructor(private readonly hook: EntNotificationHook) {}

  deliver(delivery: Delivery): Promise<void> {
    return this.hook.post(delivery);
  }
}
