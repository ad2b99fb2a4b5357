import { verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { findPupil, type PupilFacts } from '../directory/pupil-facts.js';
import { AppError } from '../http/errors.js';
import { hitRateLimit } from '../http/rate-limit.js';
import { SHARE_GRANT_KINDS, ShareGrant, type ShareGrantKind } from '../model/share-grant.js';
import { ShareSession } from '../model/share-session.js';
import type { Actor } from '../policy/actor.js';
import { sharedViewerOf } from '../policy/shared-viewer.js';
import { hashShareToken, newShareToken } from './share-token.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** The viewer session's cookie: separate from the account session's, so neither can stand for the other. */
export const SHARE_COOKIE = 'ecarnet_share';
/** A viewer session is short: scanning the paper again opens a new one. */
export const SHARE_SESSION_HOURS = 2;

/**
 * Brute force on tokens and passwords is counted per address and per link. A family scans its
 * code a few times a week; a school's shared connection (one address) may scan a whole class.
 */
export const SHARE_RATE_LIMITS = {
  openPerAddress: { limit: 120, windowMs: 15 * 60_000 },
  passwordPerLink: { limit: 10, windowMs: 15 * 60_000 },
  passwordPerAddress: { limit: 30, windowMs: 15 * 60_000 },
} as const;

/**
 * Exchanges a QR or link token for a viewer session. Expired, revoked, unknown, truncated and
 * made-up tokens take the same path (hash, one lookup by hash, one comparison in memory) and
 * answer the same SHARE_LINK_INVALID; the token itself is never logged.
 */
export async function exchangeShareToken(
  dataSource: DataSource,
  presented: string,
  now: Date,
): Promise<{ sessionToken: string; expiresAt: Date; kind: ShareGrantKind }> {
  const grant = await dataSource.getRepository(ShareGrant).findOneBy({ tokenHash: hashShareToken(presented) });
  if (grant === null || grant.revokedAt !== null || grant.expiresAt.getTime() <= now.getTime()) throw new AppError('SHARE_LINK_INVALID');
  const sessionToken = newShareToken();
  const expiresAt = new Date(Math.min(now.getTime() + SHARE_SESSION_HOURS * 3_600_000, grant.expiresAt.getTime()));
  await dataSource.getRepository(ShareSession).insert({
    tokenHash: hashShareToken(sessionToken),
    grantId: grant.id,
    unlocked: grant.kind === 'qr',
    createdAt: now,
    expiresAt,
  });
  return { sessionToken, expiresAt, kind: grant.kind };
}

/** An open viewer session: one child, seen as their family sees them, and nothing else. */
export interface SharedView {
  readonly sessionHash: string;
  readonly grantId: string;
  readonly kind: ShareGrantKind;
  readonly label: string | null;
  readonly unlocked: boolean;
  readonly pupil: PupilFacts;
  readonly actor: Actor;
  /** The family's language set on the code or link: its pages, and what they read, are in it. */
  readonly language: string | null;
}

const readSessionRow = rowReader({
  grantId: column.text,
  kind: column.oneOf(SHARE_GRANT_KINDS),
  label: column.nullableText,
  unlocked: column.flag,
  schoolId: column.text,
  pupilId: column.text,
  language: column.nullableText,
  expiresAt: column.instant,
});

/**
 * The viewer session a cookie names, checked against its grant on every request: a revoked or
 * expired code, a session past its hours, or a child who left the school end it at once.
 */
export async function openSharedView(dataSource: DataSource, cookieToken: string | undefined, now: Date): Promise<SharedView | undefined> {
  if (!cookieToken) return undefined;
  const sessionHash = hashShareToken(cookieToken);
  const at = sqlInstant(now);
  const rows = await queryRows(dataSource, readSessionRow, `SELECT g.id AS grantId, g.kind AS kind, g.label AS label, s.unlocked AS unlocked, g.schoolId AS schoolId, g.pupilId AS pupilId, g.language AS language, s.expiresAt AS expiresAt
       FROM share_session s JOIN share_grant g ON g.id = s.grantId
      WHERE s.tokenHash = ? AND s.expiresAt > ? AND g.revokedAt IS NULL AND g.expiresAt > ?`,
    [sessionHash, at, at]);
  const row = rows[0];
  if (!row || row.expiresAt <= now) return undefined;
  const pupil = await findPupil(dataSource, row.schoolId, row.pupilId, now);
  if (!pupil) return undefined;
  return { sessionHash, grantId: row.grantId, kind: row.kind, label: row.label, unlocked: row.unlocked, pupil, actor: sharedViewerOf(pupil), language: row.language };
}

/**
 * Checks a personal link's password and unlocks the session. Attempts are counted per link and
 * per address before the hash is even read; a wrong password is SHARE_PASSWORD_WRONG.
 */
export async function unlockSharedView(dataSource: DataSource, view: SharedView, password: string, address: string, now: Date): Promise<'unlocked' | 'wrong' | 'throttled'> {
  for (const [key, rule] of [
    [`share-password:link:${view.grantId}`, SHARE_RATE_LIMITS.passwordPerLink],
    [`share-password:address:${address}`, SHARE_RATE_LIMITS.passwordPerAddress],
  ] as const) {
    if (!(await hitRateLimit(dataSource, key, rule, now)).allowed) return 'throttled';
  }
  const grant = await dataSource.getRepository(ShareGrant).findOneByOrFail({ id: view.grantId });
  if (!grant.passwordHash || !(await verify(grant.passwordHash, password.slice(0, 128)))) return 'wrong';
  await dataSource.getRepository(ShareSession).update({ tokenHash: view.sessionHash }, { unlocked: true });
  return 'unlocked';
}
