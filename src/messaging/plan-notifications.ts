import type { DataSource } from 'typeorm';
import type { NotificationChannel } from '../model/notification-job.js';
import { DIGEST_OPTIONS } from '../model/notification-preference.js';
import { planDelivery, type PersonalHours } from '../notify/plan-delivery.js';
import type { SchoolFacts } from './school-facts.js';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';

/** A notification to write into the outbox with its message. */
export interface PlannedNotification {
  readonly recipientId: string;
  readonly channel: NotificationChannel;
  readonly notBefore: Date;
}

/** A recipient with their own hours and switches (none when they never chose) and push subscriptions. */
const readContactRow = rowReader({
  id: column.text,
  email: column.nullableText,
  quietStart: column.nullableText,
  quietEnd: column.nullableText,
  digest: nullable(column.oneOf(DIGEST_OPTIONS)),
  emailEnabled: column.nullableFlag,
  pushCount: column.count,
});

const CHUNK = 500;

/**
 * For each recipient, the channels that reach them (an e-mail address they have not switched
 * off, a push subscription, the ENT feed) and when each may go out under the school's and their
 * own hours. Recipients that no channel reaches still have the message in their e-carnet.
 */
export async function planNotifications(
  dataSource: DataSource,
  school: SchoolFacts,
  recipientIds: readonly string[],
  channels: ReadonlySet<NotificationChannel>,
  urgent: boolean,
  now: Date,
): Promise<PlannedNotification[]> {
  const planned: PlannedNotification[] = [];
  // Most people share the school's hours and no personal ones: plan once per distinct setting.
  const byHours = new Map<string, Date>();
  for (let start = 0; start < recipientIds.length; start += CHUNK) {
    const ids = recipientIds.slice(start, start + CHUNK);
    const rows = await queryRows(dataSource, readContactRow, `SELECT p.id AS id, p.email AS email, n.quietStart AS quietStart, n.quietEnd AS quietEnd, n.digest AS digest, n.emailEnabled AS emailEnabled,
              (SELECT COUNT(*) FROM push_subscription s WHERE s.personId = p.id) AS pushCount
         FROM person p LEFT JOIN notification_preference n ON n.personId = p.id
        WHERE p.id IN (${ids.map(() => '?').join(',')})`,
      ids);
    for (const row of rows) {
      const personal: PersonalHours | null = row.digest ? { quietStart: row.quietStart, quietEnd: row.quietEnd, digest: row.digest } : null;
      const key = personal ? `${personal.quietStart}-${personal.quietEnd}-${personal.digest}` : '';
      let notBefore = byHours.get(key);
      if (!notBefore) {
        notBefore = planDelivery({ now, timeZone: school.timezone, school: school.settings.messaging.notificationHours, personal, urgent });
        byHours.set(key, notBefore);
      }
      // No preferences row: e-mail is on.
      const emailEnabled = row.emailEnabled ?? true;
      if (channels.has('email') && row.email && emailEnabled) planned.push({ recipientId: row.id, channel: 'email', notBefore });
      if (channels.has('push') && row.pushCount > 0) planned.push({ recipientId: row.id, channel: 'push', notBefore });
      if (channels.has('ent')) planned.push({ recipientId: row.id, channel: 'ent', notBefore });
    }
  }
  return planned;
}
