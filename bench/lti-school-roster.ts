import type { DataSource } from 'typeorm';
import { sqlInstant } from '../src/db/sql-values.js';
import { LOGIN_BUDGET } from '../src/lti/login/login-budget.js';
import { newId } from '../src/model/columns.js';

/**
 * The login initiations per minute the bench's deployment must allow one address: 16 browsers
 * launching back to back reach several hundred a minute per second of load, far beyond what one
 * school ever starts, and the module and its baseline draw on the same budget within a minute.
 */
export const BENCH_LOGINS_PER_MINUTE = 36_000;

/**
 * Gives the bench school a roster whose login budget (`LOGIN_BUDGET.perPerson` a minute per
 * member, see `login-budget.ts`) covers `BENCH_LOGINS_PER_MINUTE`: a closed-loop benchmark measures
 * what a server can do, and a launch refused with 429 would cost less than a launch and be
 * counted as nothing, so the budget must never be what it measures. (Behind one académie proxy,
 * this is a whole city's schools sharing one address.) Returns the members added.
 */
export async function seedBenchRoster(dataSource: DataSource, schoolId: string, now: Date): Promise<number> {
  const members = Math.ceil(BENCH_LOGINS_PER_MINUTE / LOGIN_BUDGET.perPerson);
  const at = sqlInstant(now);
  const chunk = 1_000;
  for (let start = 0; start < members; start += chunk) {
    const people = Array.from({ length: Math.min(chunk, members - start) }, (_, index) => ({ id: newId(), n: start + index }));
    await dataSource.query(
      `INSERT INTO person (id, givenName, familyName, preferredLanguage, createdAt) VALUES ${people.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      people.flatMap((person) => [person.id, 'Élève', `Roster ${person.n}`, 'fr', at]),
    );
    await dataSource.query(
      `INSERT INTO school_membership (id, personId, schoolId, role, startedAt) VALUES ${people.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      people.flatMap((person) => [newId(), person.id, schoolId, 'pupil', at]),
    );
  }
  return members;
}
