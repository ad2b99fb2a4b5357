import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../db/sql-values.js';
import { newId } from '../../model/columns.js';
import type { SideOutboxTable } from './side-outbox-table.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

const DUE = `status = 'pending' AND notBefore <= ? AND (lockedUntil IS NULL OR lockedUntil < ?)`;

/**
 * Locks the due rows of up to `groupLimit` groups (a link's notices, a teacher's reminders) for
 * this worker until `now + lockMs`, and returns the token they now carry; the caller reads its
 * rows by that token. The conditional UPDATE gives each row to whichever worker matched it first,
 * as the message outbox does (src/notify/claim-jobs.ts), and a dead worker's rows come back when
 * its lock expires. Claiming by group keeps the rows that make one e-mail together.
 */
export async function claimDueRows(dataSource: DataSource, table: SideOutboxTable, now: Date, lockMs: number, groupLimit: number): Promise<{ token: string; claimed: boolean }> {
  const at = sqlInstant(now);
  const token = newId();
  const group = table.groupColumn;
  const due = await queryRows(dataSource, rowReader({ groupId: column.text }), `SELECT ${group} AS groupId, MIN(notBefore) AS firstDue FROM ${table.name} WHERE ${DUE} GROUP BY ${group} ORDER BY firstDue LIMIT ${Number(groupLimit)}`,
    [at, at]);
  if (due.length === 0) return { token, claimed: false };
  const groupIds = due.map((row) => row.groupId);
  await dataSource.query(`UPDATE ${table.name} SET lockedBy = ?, lockedUntil = ? WHERE ${group} IN (${groupIds.map(() => '?').join(',')}) AND ${DUE}`, [
    token,
    sqlInstant(new Date(now.getTime() + lockMs)),
    ...groupIds,
    at,
    at,
  ]);
  return { token, claimed: true };
}
