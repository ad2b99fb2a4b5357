import type { DataSource, EntityManager } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { AppError } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { PaperCode } from '../model/paper-code.js';
import type { QrValidity } from '../model/qr-validity.js';
import { qrExpiry } from '../sharing/qr-expiry.js';
import { hashShareToken, newShareToken } from '../sharing/share-token.js';

/** The cookie of a session opened by scanning a paper copy: its own, never an account's or a QR viewer's. */
export const PAPER_COOKIE = 'ecarnet_paper';
/** A scan opens the message for this long: enough to read it, listen to it and answer. */
export const PAPER_SESSION_HOURS = 2;

/** The address a paper copy's code holds (`/m/<token>`), as printed under it. */
export function paperCodeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/m/${token}`;
}

/**
 * Issues the code printed on one guardian's copy of a message, valid as long as the school's QR
 * codes (`sharing.qrValidity`), and revokes that guardian's earlier codes for the message: a copy
 * printed again replaces the one before. Only the token's SHA-256 is stored, as for QR codes.
 */
export async function issuePaperCode(
  manager: EntityManager,
  facts: { schoolId: string; messageId: string; personId: string; issuedById: string; validity: QrValidity; timezone: string },
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  await manager.query('UPDATE paper_code SET revokedAt = ? WHERE messageId = ? AND personId = ? AND revokedAt IS NULL', [sqlInstant(now), facts.messageId, facts.personId]);
  const token = newShareToken();
  const expiresAt = qrExpiry(now, facts.validity, facts.timezone);
  await manager.insert(PaperCode, {
    id: newId(),
    schoolId: facts.schoolId,
    messageId: facts.messageId,
    personId: facts.personId,
    tokenHash: hashShareToken(token),
    sessionHash: null,
    createdById: facts.issuedById,
    createdAt: now,
    expiresAt,
    usedAt: null,
    sessionExpiresAt: null,
    revokedAt: null,
  });
  return { token, expiresAt };
}

/**
 * Exchanges a scanned token for a short session bound to its guardian and message. The code
 * works once: the conditional UPDATE lets one scan through even when two arrive together, and a
 * used, expired, revoked, unknown or made-up token all answer `PAPER_CODE_INVALID`.
 */
export async function exchangePaperCode(dataSource: DataSource, presented: string, now: Date): Promise<{ sessionToken: string; expiresAt: Date; personId: string }> {
  const code = await dataSource.getRepository(PaperCode).findOneBy({ tokenHash: hashShareToken(presented) });
  if (code === null || code.revokedAt !== null || code.usedAt !== null || code.expiresAt.getTime() <= now.getTime()) throw new AppError('PAPER_CODE_INVALID');
  const sessionToken = newShareToken();
  const expiresAt = new Date(Math.min(now.getTime() + PAPER_SESSION_HOURS * 3_600_000, code.expiresAt.getTime()));
  const result = await dataSource
    .createQueryBuilder()
    .update(PaperCode)
    .set({ usedAt: now, sessionHash: hashShareToken(sessionToken), sessionExpiresAt: expiresAt })
    .where('id = :id AND usedAt IS NULL AND revokedAt IS NULL', { id: code.id })
    .execute();
  if (result.affected !== 1) throw new AppError('PAPER_CODE_INVALID');
  return { sessionToken, expiresAt, personId: code.personId };
}

/** The guardian and message of a paper session, or null when it ended, was revoked or never was. */
export async function openPaperSession(dataSource: DataSource, sessionToken: string | undefined, now: Date): Promise<{ personId: string; messageId: string } | null> {
  if (sessionToken === undefined || sessionToken === '') return null;
  const code = await dataSource.getRepository(PaperCode).findOneBy({ sessionHash: hashShareToken(sessionToken) });
  if (code === null || code.revokedAt !== null || code.sessionExpiresAt === null || code.sessionExpiresAt.getTime() <= now.getTime()) return null;
  return { personId: code.personId, messageId: code.messageId };
}
