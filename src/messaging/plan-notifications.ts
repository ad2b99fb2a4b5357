import type { DataSource } from 'typeorm';
import type { NotificationChannel } from '../model/notification-job.js';
import type { DigestOption } from '../model/notification-preference.js';
import { planDelivery, type PersonalHours } from '../notify/plan-delivery.js';
import type { SchoolFacts } from './school-facts.js';

/** A notification to write into the outbox with its message. */
export interface PlannedNotification {
  readonly recipientId: string;
  readonly channel: NotificationChannel;
  readonly notBefore: Date;
}

interface ContactRow {
  id: string;
  email: string | null;
  quietStart: string | null;
  quietEnd: string | null;
  digest: DigestOption | null;
  emailEnabled: unknown;
  pushCount: number | string;
}

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
    const rows = (await dataSource.query(
      `SELECT p.id AS id, p.email AS email, n.quietStart AS quietStart, n.quietEnd AS quietEnd, n.digest AS digest, n.emailEnabled AS emailEnabled,
              (SELECT COUNT(*) FROM push_subscription s WHERE s.personId = p.id) AS pushCount
         FROM person p LEFT JOIN notification_preference n ON n.personId = p.id
        WHERE p.id IN (${ids.map(() => '?').join(',')})`,
      ids,
    )) as ContactRow[];
    for (const row of rows) {
      const personal: PersonalHours | null = row.digest ? { quietStart: row.quietStart, quietEnd: row.quietEnd, digest: row.digest } : null;
      const key = personal ? `${personal.quietStart}-${personal.quietEnd}-${personal.digest}` : '';
      let notBefore = byHours.get(key);
      if (!notBefore) {
        notBefore = planDelivery({ now, timeZone: school.timezone, school: school.settings.messaging.notificationHours, personal, urgent });
        byHours.set(key, notBefore);
      }
      const emailEnabled = row.emailEnabled === null || row.emailEnabled === undefined || row.emailEnabled === 1 || row.emailEnabled === true || row.emailEnabled === '1';
      if (channels.has('email') && row.email && emailEnabled) planned.push({ recipientId: row.id, channel: 'email', notBefore });
      if (channels.has('push') && Number(row.pushCount) > 0) planned.push({ recipientId: row.id, channel: 'push', notBefore });
      if (channels.has('ent')) planned.push({ recipientId: row.id, channel: 'ent', notBefore });
    }
  }
  return planned;
}
