import { testDataSource } from '../../support/database.js';

/** How many rows a table holds (to show a rejected request created nothing). */
export async function countRows(table: string, where = '1 = 1', parameters: unknown[] = []): Promise<number> {
  const rows = (await testDataSource().query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, parameters)) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

/** A snapshot of what a launch could write: people, accounts, memberships, sessions, spent logins. */
export async function launchFootprint(): Promise<Record<string, number>> {
  return {
    person: await countRows('person'),
    external_identity: await countRows('external_identity'),
    school_membership: await countRows('school_membership'),
    enrolment: await countRows('enrolment'),
    teaching_assignment: await countRows('teaching_assignment'),
    guardianship: await countRows('guardianship'),
    signed_in_session: await countRows('http_session', 'personId IS NOT NULL'),
    spent_login: await countRows('lti_login', 'usedAt IS NOT NULL'),
    audit_event: await countRows('audit_event'),
  };
}

/** The person an account of a platform signs in as, if any. */
export async function personOf(issuer: string, subject: string): Promise<string | undefined> {
  const rows = (await testDataSource().query('SELECT personId FROM external_identity WHERE issuer = ? AND subject = ?', [issuer, subject])) as {
    personId: string;
  }[];
  return rows[0]?.personId;
}
