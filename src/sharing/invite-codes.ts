import { createHash, randomInt } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { claimedLink } from '../guardianship/claimed-link.js';
import { AppError } from '../http/errors.js';
import { hitRateLimit } from '../http/rate-limit.js';
import { newId } from '../model/columns.js';
import { Guardianship } from '../model/guardianship.js';
import { InviteCode } from '../model/invite-code.js';
import { SchoolMembership } from '../model/school-membership.js';
import type { Actor } from '../policy/actor.js';
import { findSharingPupil } from './sharing-pupil.js';

/** Letters and digits that cannot be misread from paper (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;
const DAY_MS = 24 * 3_600_000;
/** An invite is given by hand at a meeting and used within days. */
const INVITE_VALIDITY_DAYS = 14;
/** Codes are short enough to type, so guesses are counted per account and per address. */
const INVITE_RATE_LIMITS = {
  perAccount: { limit: 10, windowMs: 15 * 60_000 },
  perAddress: { limit: 30, windowMs: 15 * 60_000 },
} as const;

/** `ABCDE-FGHJK` typed any way (spaces, dashes, lower case) is the same code. */
function normaliseInviteCode(typed: string): string {
  return typed.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 32);
}

function hashInviteCode(code: string): string {
  return createHash('sha256').update(`invite:${normaliseInviteCode(code)}`).digest('hex');
}

/** An invite code just created; shown once to the teacher. */
interface CreatedInvite {
  readonly code: string;
  readonly expiresAt: Date;
}

/** A teacher (or the director) creates a one-time code a parent uses to attach their account to the child. */
export async function createInviteCode(dataSource: DataSource, actor: Actor, pupilId: string, now: Date): Promise<CreatedInvite> {
  const { pupil } = await findSharingPupil(dataSource, actor, pupilId, 'invite', now);
  const raw = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
  const expiresAt = new Date(now.getTime() + INVITE_VALIDITY_DAYS * DAY_MS);
  await runInTransaction(dataSource, async (manager) => {
    const id = newId();
    await manager.insert(InviteCode, {
      id,
      schoolId: pupil.schoolId,
      pupilId: pupil.id,
      codeHash: hashInviteCode(code),
      createdById: actor.personId,
      createdAt: now,
      expiresAt,
      usedAt: null,
      usedById: null,
    });
    await recordAuditEvent(manager, { schoolId: pupil.schoolId, actorId: actor.personId, action: 'sharing.inviteCreated', subjectKind: 'inviteCode', subjectId: id, detail: { pupilId: pupil.id }, at: now });
  });
  return { code, expiresAt };
}

/**
 * A signed-in parent types an invite code: their account is proposed as the child's guardian
 * (`approval: 'pending'`, source `invite`) until the school approves it on the pending-links page.
 * Unknown, used and expired codes, and a person the school keeps away from the child (a `noAccess`
 * guardianship, past or present), all get the same SHARE_INVITE_INVALID.
 */
export async function redeemInviteCode(dataSource: DataSource, actor: Actor, typed: string, address: string, now: Date): Promise<void> {
  for (const [key, rule] of [
    [`invite:account:${actor.personId}`, INVITE_RATE_LIMITS.perAccount],
    [`invite:address:${address}`, INVITE_RATE_LIMITS.perAddress],
  ] as const) {
    if (!(await hitRateLimit(dataSource, key, rule, now)).allowed) throw new AppError('SHARE_TOO_MANY_ATTEMPTS');
  }
  const invite = await dataSource.getRepository(InviteCode).findOneBy({ codeHash: hashInviteCode(typed) });
  if (!invite || invite.usedAt !== null || invite.expiresAt.getTime() <= now.getTime()) throw new AppError('SHARE_INVITE_INVALID');

  const links = await dataSource.getRepository(Guardianship).findBy({ schoolId: invite.schoolId, guardianId: actor.personId, childId: invite.pupilId });
  if (links.some((link) => link.status === 'noAccess')) {
    await runInTransaction(dataSource, (manager) =>
      recordAuditEvent(manager, { schoolId: invite.schoolId, actorId: actor.personId, action: 'sharing.inviteRefusedNoAccess', subjectKind: 'inviteCode', subjectId: invite.id, detail: { pupilId: invite.pupilId }, at: now }),
    );
    throw new AppError('SHARE_INVITE_INVALID');
  }
  const alreadyLinked = links.some((link) => link.approval !== 'rejected' && (link.effectiveTo === null || link.effectiveTo > now));

  await runInTransaction(dataSource, async (manager) => {
    const claimed = await manager.update(InviteCode, { id: invite.id, usedAt: IsNull() }, { usedAt: now, usedById: actor.personId });
    if ((claimed.affected ?? 0) !== 1) throw new AppError('SHARE_INVITE_INVALID');
    if (alreadyLinked) return;
    const isParent = await manager.existsBy(SchoolMembership, { personId: actor.personId, schoolId: invite.schoolId, role: 'parent' });
    if (!isParent) {
      await manager.insert(SchoolMembership, { id: newId(), personId: actor.personId, schoolId: invite.schoolId, role: 'parent', staffFunction: null, startedAt: now, endedAt: null });
    }
    const link = claimedLink({ schoolId: invite.schoolId, guardianId: actor.personId, childId: invite.pupilId, approval: 'pending', source: 'invite', recordedById: invite.createdById }, now);
    await manager.insert(Guardianship, link);
    await recordAuditEvent(manager, { schoolId: invite.schoolId, actorId: actor.personId, action: 'sharing.inviteUsed', subjectKind: 'guardianship', subjectId: link.id, detail: { pupilId: invite.pupilId, inviteId: invite.id }, at: now });
  });
}
