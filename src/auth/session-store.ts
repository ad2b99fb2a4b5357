import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { HttpSession } from '../model/http-session.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** Lifetimes of sessions; anonymous ones only carry a CSRF token and die young. */
interface SessionLifetimes {
  readonly idleMinutes: number;
  readonly maxHours: number;
}

const ANONYMOUS_IDLE_MINUTES = 30;
/** Sliding expiry is written at most this often, so reading pages does not write on each request. */
const TOUCH_INTERVAL_MS = 60_000;

/** A session found for a request's cookie. */
export interface ActiveSession {
  readonly tokenHash: string;
  readonly personId: string | null;
  readonly csrfToken: string;
  readonly language: string | null;
  readonly signInMethod: string | null;
  /** The configuration entry of the operator who opened this session; null for everyone else. */
  readonly operatorKey: string | null;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  /** The signed-in person's names, for page headers (null for a visitor). */
  readonly person: { readonly givenName: string; readonly familyName: string } | null;
}

/**
 * Read on every request, so one plain query: the session and the signed-in person's names.
 */
export const SESSION_SQL = `
SELECT s.tokenHash AS tokenHash, s.personId AS personId, s.csrfToken AS csrfToken, s.language AS language,
       s.signInMethod AS signInMethod, s.operatorKey AS operatorKey, s.createdAt AS createdAt, s.lastSeenAt AS lastSeenAt, s.expiresAt AS expiresAt,
       p.givenName AS givenName, p.familyName AS familyName
  FROM http_session s
  LEFT JOIN person p ON p.id = s.personId
 WHERE s.tokenHash = ?`;

const INSERT_SESSION_SQL = `
INSERT INTO http_session (tokenHash, personId, csrfToken, language, signInMethod, operatorKey, createdAt, lastSeenAt, expiresAt)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const readSessionRow = rowReader({
  tokenHash: column.text,
  personId: column.nullableText,
  csrfToken: column.text,
  language: column.nullableText,
  signInMethod: column.nullableText,
  operatorKey: column.nullableText,
  createdAt: column.instant,
  lastSeenAt: column.instant,
  expiresAt: column.instant,
  givenName: column.nullableText,
  familyName: column.nullableText,
});

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sessions in the database. The cookie's token is never stored, only its hash; the expiry is
 * the earlier of an idle timeout and an absolute maximum.
 */
export class SessionStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /** Opens a session; returns the token to put in the cookie. `names`, when given, are the person's (spares a read). */
  async create(
    now: Date,
    values: {
      personId: string | null;
      language?: string | null;
      signInMethod?: string | null;
      names?: NonNullable<ActiveSession['person']>;
      operatorKey?: string | null;
    },
  ): Promise<{ token: string; session: ActiveSession }> {
    const token = randomToken();
    const row: HttpSession = {
      tokenHash: hashToken(token),
      personId: values.personId,
      csrfToken: randomToken(),
      language: values.language ?? null,
      signInMethod: values.signInMethod ?? null,
      operatorKey: values.operatorKey ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: this.expiry(values.personId, now, now),
    };
    // Hand-written: every sign-in and every visitor's first form opens one (a lesson start in an ENT is one).
    await this.dataSource.query(INSERT_SESSION_SQL, [
      row.tokenHash,
      row.personId,
      row.csrfToken,
      row.language,
      row.signInMethod,
      row.operatorKey,
      sqlInstant(row.createdAt),
      sqlInstant(row.lastSeenAt),
      sqlInstant(row.expiresAt),
    ]);
    const person = values.personId === null ? null : (values.names ?? (await this.personNames(values.personId)));
    return { token, session: { ...row, person } };
  }

  /** The live session for a cookie token, or undefined when unknown or expired. */
  async find(token: string, now: Date): Promise<ActiveSession | undefined> {
    const rows = await queryRows(this.dataSource, readSessionRow, SESSION_SQL, [hashToken(token)]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const repository = this.dataSource.getRepository(HttpSession);
    if (row.expiresAt.getTime() <= now.getTime()) {
      await repository.delete({ tokenHash: row.tokenHash });
      return undefined;
    }
    const createdAt = row.createdAt;
    let lastSeenAt = row.lastSeenAt;
    if (now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      const expiresAt = this.expiry(row.personId, createdAt, now);
      await repository.update({ tokenHash: row.tokenHash }, { lastSeenAt: now, expiresAt });
      lastSeenAt = now;
    }
    return {
      tokenHash: row.tokenHash,
      personId: row.personId,
      csrfToken: row.csrfToken,
      language: row.language,
      signInMethod: row.signInMethod,
      operatorKey: row.operatorKey,
      createdAt,
      lastSeenAt,
      person: row.givenName === null ? null : { givenName: row.givenName, familyName: row.familyName ?? '' },
    };
  }

  async destroy(tokenHash: string): Promise<void> {
    await this.dataSource.getRepository(HttpSession).delete({ tokenHash });
  }

  /** Deletes expired rows; run periodically. Returns how many were removed. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(HttpSession)
      .where('expiresAt <= :now', { now })
      .execute();
    return result.affected ?? 0;
  }

  private async personNames(personId: string): Promise<ActiveSession['person']> {
    const rows = await queryRows(this.dataSource, rowReader({ givenName: column.text, familyName: column.text }), 'SELECT givenName, familyName FROM person WHERE id = ?', [personId]);
    return rows[0] ?? null;
  }

  private expiry(personId: string | null, createdAt: Date, now: Date): Date {
    const idleMinutes = personId === null ? ANONYMOUS_IDLE_MINUTES : this.lifetimes.idleMinutes;
    const idle = now.getTime() + idleMinutes * 60_000;
    const absolute = createdAt.getTime() + this.lifetimes.maxHours * 3_600_000;
    return new Date(Math.min(idle, absolute));
  }
}
