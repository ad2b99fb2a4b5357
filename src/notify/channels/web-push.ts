import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { DataSource } from 'typeorm';
import { PermanentDeliveryFailure, type ChannelSender, type Delivery } from './channel.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/**
 * Web Push (RFC 8030 with VAPID, RFC 8292) to every browser the person subscribed. A
 * subscription the push service says is gone (404/410) is deleted.
 */
export class WebPushChannel implements ChannelSender {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vapid: { publicKey: string; privateKey: string; subject: string },
    /** An HTTPS agent for the push services (e.g. one trusting a private CA); Node's default otherwise. */
    private readonly agent?: Agent,
  ) {}

  async deliver(delivery: Delivery): Promise<void> {
    const subscriptions = await queryRows(this.dataSource, rowReader({ id: column.text, endpoint: column.text, p256dh: column.text, auth: column.text }), 'SELECT id, endpoint, p256dh, auth FROM push_subscription WHERE personId = ?', [
      delivery.recipient.personId,
    ]);
    if (subscriptions.length === 0) throw new PermanentDeliveryFailure('no push subscription');
    const payload = JSON.stringify({ id: delivery.id, title: delivery.title, body: delivery.text, url: delivery.link });
    for (const subscription of subscriptions) {
      try {
        await webpush.sendNotification({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
          vapidDetails: this.vapid,
          TTL: 24 * 3600,
          ...(this.agent ? { agent: this.agent } : {}),
          // A topic replaces an undelivered notification with the same one: retries do not pile up.
          topic: delivery.id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32),
        });
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) await this.dataSource.query('DELETE FROM push_subscription WHERE id = ?', [subscription.id]);
        else throw error;
      }
    }
  }
}
