import type { DataSource, EntityManager } from 'typeorm';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { newId } from '../../model/columns.js';
import { LtiRegistrationInvite } from '../../model/lti-registration-invite.js';
import { oneTime } from '../one-time.js';
import { randomSecret, sha256Hex } from '../secrets.js';

/** An ENT administrator has two days to use a registration link. */
export const INVITE_LIFETIME_MS = 48 * 3_600_000;

/** Creates a one-time registration link's token for a school, recorded in its audit log. */
export async function createRegistrationInvite(dataSource: DataSource, schoolId: string, directorId: string, now: Date): Promise<string> {
  const token = randomSecret();
  await runInTransaction(dataSource, async (manager) => {
    const id = newId();
    await manager.insert(LtiRegistrationInvite, {
      id,
      tokenHash: sha256Hex(token),
      schoolId,
      createdById: directorId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
      usedAt: null,
      platformId: null,
    });
    await recordAuditEvent(manager, {
      schoolId,
      actorId: directorId,
      action: 'lti.registrationLinkCreated',
      subjectKind: 'ltiRegistrationInvite',
      subjectId: id,
      at: now,
    });
  });
  return token;
}

/** The usable invitation a token names; LTI_REGISTRATION_INVITE_INVALID when unknown, used or expired. */
export async function findRegistrationInvite(dataSource: DataSource, token: string, now: Date): Promise<LtiRegistrationInvite> {
  const invite = await oneTime.find(dataSource, LtiRegistrationInvite, 'tokenHash', token);
  if (!invite || !oneTime.isUsable(invite, now)) throw new AppError('LTI_REGISTRATION_INVITE_INVALID');
  return invite;
}

/** Spends an invitation once, naming the platform it registered. */
export async function spendRegistrationInvite(manager: EntityManager, invite: LtiRegistrationInvite, platformId: string, now: Date): Promise<void> {
  if (!(await oneTime.spend(manager, LtiRegistrationInvite, invite, now, { platformId }))) throw new AppError('LTI_REGISTRATION_INVITE_INVALID');
}
