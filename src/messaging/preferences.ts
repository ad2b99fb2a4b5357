import { createHash } from 'node:crypto';
import { isUniqueViolation } from '../db/unique-violation.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { newId } from '../model/columns.js';
import { DIGEST_OPTIONS, type DigestOption } from '../model/notification-preference.js';
import type { PreferencesInput } from './inputs.js';
import type { MessagingDeps } from './messaging-deps.js';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';

/** A person's language and notification choices. */
interface Preferences {
  readonly preferredLanguage: string;
  readonly quietStart: string | null;
  readonly quietEnd: string | null;
  readonly digest: DigestOption;
  readonly emailEnabled: boolean;
  /** A teacher's weekly e-mail about the portfolio's rhythm. */
  readonly weeklyReminder: boolean;
}

/** A person with their notification choices, absent when they never chose. */
const readPreferencesRow = rowReader({
  preferredLanguage: column.text,
  quietStart: column.nullableText,
  quietEnd: column.nullableText,
  digest: nullable(column.oneOf(DIGEST_OPTIONS)),
  emailEnabled: column.nullableFlag,
  weeklyReminder: column.nullableFlag,
});

/** The person's choices (defaults when they never chose). */
export async function loadPreferences(deps: MessagingDeps, personId: string): Promise<Preferences> {
  const rows = await queryRows(deps.dataSource, readPreferencesRow, `SELECT p.preferredLanguage AS preferredLanguage, n.quietStart AS quietStart, n.quietEnd AS quietEnd, n.digest AS digest, n.emailEnabled AS emailEnabled, n.weeklyReminder AS weeklyReminder
       FROM person p LEFT JOIN notification_preference n ON n.personId = p.id WHERE p.id = ?`,
    [personId]);
  const row = rows[0];
  return {
    preferredLanguage: row?.preferredLanguage ?? 'fr',
    quietStart: row?.quietStart ?? null,
    quietEnd: row?.quietEnd ?? null,
    digest: row?.digest ?? 'immediate',
    emailEnabled: row?.emailEnabled ?? true,
    weeklyReminder: row?.weeklyReminder ?? true,
  };
}

/** Saves the person's choices; notifications planned from now on follow them. */
export async function savePreferences(deps: MessagingDeps, personId: string, input: PreferencesInput): Promise<void> {
  const at = sqlInstant(deps.clock.now());
  await runInTransaction(deps.dataSource, async (manager) => {
    await manager.query('UPDATE person SET preferredLanguage = ? WHERE id = ?', [input.preferredLanguage, personId]);
    await manager.query('DELETE FROM notification_preference WHERE personId = ?', [personId]);
    await manager.query('INSERT INTO notification_preference (personId, quietStart, quietEnd, digest, emailEnabled, weeklyReminder, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      personId,
      input.quietStart,
      input.quietEnd,
      input.digest,
      input.emailEnabled ? 1 : 0,
      input.weeklyReminder ? 1 : 0,
      at,
    ]);
  });
}

/** Registers a browser's push subscription for the person (the same endpoint twice is kept once). */
export async function savePushSubscription(deps: MessagingDeps, personId: string, subscription: { endpoint: string; keys: { p256dh: string; auth: string } }): Promise<void> {
  const endpointHash = createHash('sha256').update(subscription.endpoint).digest('hex');
  try {
    await deps.dataSource.query(
      'INSERT INTO push_subscription (id, personId, endpointHash, endpoint, p256dh, auth, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [newId(), personId, endpointHash, subscription.endpoint, subscription.keys.p256dh, subscription.keys.auth, sqlInstant(deps.clock.now())],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await deps.dataSource.query('UPDATE push_subscription SET personId = ?, p256dh = ?, auth = ? WHERE endpointHash = ?', [
      personId,
      subscription.keys.p256dh,
      subscription.keys.auth,
      endpointHash,
    ]);
  }
}
