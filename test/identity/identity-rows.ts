import { createHash } from 'node:crypto';
import { testDataSource } from '../support/database.js';

/** Tables a refused sign-in or import must leave exactly as they were, each read in a fixed order. */
const WATCHED: readonly { readonly table: string; readonly order: string }[] = [
  { table: 'person', order: 'id' },
  { table: 'external_identity', order: 'id' },
  { table: 'school_membership', order: 'id' },
  { table: 'guardianship', order: 'id' },
  { table: 'enrolment', order: 'id' },
  { table: 'teaching_assignment', order: 'id' },
  { table: 'school_class', order: 'id' },
  { table: 'identity_class_source', order: 'classId' },
  { table: 'identity_pending_request', order: 'id' },
  { table: 'identity_replay_guard', order: 'id' },
  { table: 'identity_session_link', order: 'sessionTokenHash' },
];

/**
 * A SHA-256 of every row (every column) of the identity tables, table by table: any insert,
 * update or delete changes it — a name overwritten, a membership opened again, an approval
 * changed, a pending request used up, a replay record added. With `sessions`, the signed-in
 * sessions too (their tokens and people; a session's own idle renewal is not a change).
 */
export async function identityRowsDigest(options: { sessions?: boolean } = { sessions: true }): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  const hash = (rows: unknown) =>
    createHash('sha256')
      .update(JSON.stringify(rows, (_key, value: unknown) => (value instanceof Date ? value.toISOString() : value)))
      .digest('hex');
  for (const { table, order } of WATCHED) digests[table] = hash(await testDataSource().query(`SELECT * FROM ${table} ORDER BY ${order}`));
  if (options.sessions) {
    digests.signedInSessions = hash(await testDataSource().query('SELECT tokenHash, personId FROM http_session WHERE personId IS NOT NULL ORDER BY tokenHash'));
  }
  return digests;
}
