import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { LinkUnsubscribe } from '../../model/link-unsubscribe.js';
import { ShareGrant } from '../../model/share-grant.js';
import { hashShareToken, newShareToken } from '../share-token.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/** Where a notice's unsubscribe address leads (under the module's base URL), before its token. */
export const UNSUBSCRIBE_PATH = '/link-notices/unsubscribe';

/**
 * A new single-use token to stop a link's notices, put in one e-mail. Like share tokens it has 256
 * random bits and only its SHA-256 is kept, so the table gives no way to unsubscribe anyone.
 */
export async function issueUnsubscribeToken(dataSource: DataSource, grantId: string, now: Date): Promise<string> {
  const token = newShareToken();
  await dataSource.getRepository(LinkUnsubscribe).insert({ tokenHash: hashShareToken(token), grantId, createdAt: now, usedAt: null });
  return token;
}

/** What the confirmation page says: whose portfolio's e-mails stop. Undefined for an unknown or used token. */
export async function describeUnsubscribeToken(dataSource: DataSource, token: string): Promise<{ childGivenName: string } | undefined> {
  const rows = await queryRows(dataSource, rowReader({ givenName: column.text }), `SELECT p.givenName AS givenName
       FROM link_unsubscribe u JOIN share_grant g ON g.id = u.grantId JOIN person p ON p.id = g.pupilId
      WHERE u.tokenHash = ? AND u.usedAt IS NULL`,
    [hashShareToken(token)]);
  return rows[0] ? { childGivenName: rows[0].givenName } : undefined;
}

/**
 * Uses the token: the link's holder hears of nothing more (its `notifyEmail` is cleared; the link
 * itself still works). The token is spent by a conditional UPDATE, so of two clicks at once only
 * one counts; false for an unknown or already used token.
 */
export async function useUnsubscribeToken(dataSource: DataSource, token: string, now: Date): Promise<boolean> {
  const tokenHash = hashShareToken(token);
  return runInTransaction(dataSource, async (manager) => {
    const spent = await manager
      .createQueryBuilder()
      .update(LinkUnsubscribe)
      .set({ usedAt: now })
      .where('tokenHash = :tokenHash AND usedAt IS NULL', { tokenHash })
      .execute();
    if ((spent.affected ?? 0) === 0) return false;
    const { grantId } = await manager.getRepository(LinkUnsubscribe).findOneByOrFail({ tokenHash });
    const grant = await manager.getRepository(ShareGrant).findOneByOrFail({ id: grantId });
    await manager.update(ShareGrant, { id: grantId }, { notifyEmail: null });
    await recordAuditEvent(manager, {
      schoolId: grant.schoolId,
      // The holder is nobody in the directory: the link is what acted.
      actorId: null,
      action: 'sharing.linkNoticesStopped',
      subjectKind: 'shareGrant',
      subjectId: grantId,
      detail: { pupilId: grant.pupilId },
      at: now,
    });
    return true;
  });
}
