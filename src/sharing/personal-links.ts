import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { UI_LANGUAGES } from '../i18n/languages.js';
import { newId } from '../model/columns.js';
import { ShareGrant } from '../model/share-grant.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { hashShareToken, newShareToken } from './share-token.js';
import { describeSharing, findSharingPupil } from './sharing-pupil.js';

const DAY_MS = 24 * 3_600_000;
/** A personal link lasts at most a year; the guardian renews it if the grandparent still looks. */
export const LINK_MAX_DAYS = 366;

/** What a guardian fills in to give a link to someone (a grandparent). */
export const personalLinkInput = z.strictObject({
  label: z.string().trim().min(1).max(80),
  password: z.string().min(8).max(128),
  days: z.coerce.number().int().min(1).max(LINK_MAX_DAYS),
  /** Optional: the holder is told of new publications at this address. */
  notifyEmail: z.union([z.literal(''), z.email().max(254)]).optional(),
  /** The language of those e-mails (a grandparent may read another one); the guardian's own when absent. */
  language: z.enum(UI_LANGUAGES).optional(),
});
type PersonalLinkInput = z.infer<typeof personalLinkInput>;

/** A new expiry, in days from now (the guardian or the teacher cuts it short or extends it). */
export const linkExpiryInput = z.strictObject({ days: z.coerce.number().int().min(1).max(LINK_MAX_DAYS) });

/** A link just created: its URL token is shown once to the guardian. */
interface CreatedLink {
  readonly grantId: string;
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Creates a password-protected link to the child's published portfolio. The password is kept as
 * an argon2id hash; the link is refused when the school forbids personal links.
 */
export async function createPersonalLink(dataSource: DataSource, actor: Actor, pupilId: string, input: PersonalLinkInput, now: Date): Promise<CreatedLink> {
  const sharing = await findSharingPupil(dataSource, actor, pupilId, 'manageLinks', now);
  if (!can(actor, 'createLink', sharing.resource)) {
    // A guardian who could create one were the school to allow it is told why; others learn nothing.
    if (can(actor, 'createLink', { ...sharing.resource, personalLinksAllowed: true })) throw new AppError('SHARE_LINKS_DISABLED');
    throw notFound();
  }
  const token = newShareToken();
  const grant: ShareGrant = Object.assign(new ShareGrant(), {
    id: newId(),
    schoolId: sharing.pupil.schoolId,
    pupilId: sharing.pupil.id,
    kind: 'link' as const,
    tokenHash: hashShareToken(token),
    passwordHash: await hash(input.password),
    label: input.label,
    language: input.language ?? null,
    notifyEmail: input.notifyEmail ? input.notifyEmail : null,
    createdById: actor.personId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.days * DAY_MS),
    revokedAt: null,
    revokedById: null,
  });
  await runInTransaction(dataSource, async (manager) => {
    await manager.insert(ShareGrant, grant);
    await recordAuditEvent(manager, {
      schoolId: grant.schoolId,
      actorId: actor.personId,
      action: 'sharing.linkCreated',
      subjectKind: 'shareGrant',
      subjectId: grant.id,
      detail: { pupilId: grant.pupilId },
      at: now,
    });
  });
  return { grantId: grant.id, token, expiresAt: grant.expiresAt };
}

/** A grant the actor may act on: `manageCodes` for QR codes, `manageLinks` for personal links. */
async function grantToManage(dataSource: DataSource, actor: Actor, grantId: string, now: Date): Promise<ShareGrant> {
  const grant = await dataSource.getRepository(ShareGrant).findOneBy({ id: grantId });
  if (!grant) throw notFound();
  const sharing = await describeSharing(dataSource, grant.schoolId, grant.pupilId, now);
  if (!sharing || !can(actor, grant.kind === 'qr' ? 'manageCodes' : 'manageLinks', sharing.resource)) throw notFound();
  return grant;
}

/**
 * Revokes a QR code or a link. Viewer sessions check their grant on every request, so a browser
 * that opened it is refused from its next request.
 */
export async function revokeGrant(dataSource: DataSource, actor: Actor, grantId: string, now: Date): Promise<ShareGrant> {
  const grant = await grantToManage(dataSource, actor, grantId, now);
  await runInTransaction(dataSource, async (manager) => {
    await manager.update(ShareGrant, { id: grant.id }, { revokedAt: grant.revokedAt ?? now, revokedById: grant.revokedById ?? actor.personId });
    await recordAuditEvent(manager, {
      schoolId: grant.schoolId,
      actorId: actor.personId,
      action: 'sharing.revoked',
      subjectKind: 'shareGrant',
      subjectId: grant.id,
      detail: { pupilId: grant.pupilId, kind: grant.kind },
      at: now,
    });
  });
  return grant;
}

/** Sets a personal link's expiry to `days` from now. */
export async function setLinkExpiry(dataSource: DataSource, actor: Actor, grantId: string, days: number, now: Date): Promise<ShareGrant> {
  const grant = await grantToManage(dataSource, actor, grantId, now);
  if (grant.kind !== 'link' || grant.revokedAt !== null) throw notFound();
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  await runInTransaction(dataSource, async (manager) => {
    await manager.update(ShareGrant, { id: grant.id }, { expiresAt });
    await recordAuditEvent(manager, {
      schoolId: grant.schoolId,
      actorId: actor.personId,
      action: 'sharing.linkExpiryChanged',
      subjectKind: 'shareGrant',
      subjectId: grant.id,
      detail: { expiresAt: expiresAt.toISOString() },
      at: now,
    });
  });
  return grant;
}
