import type { DataSource } from 'typeorm';
import { ShareGrant, type ShareGrantKind } from '../model/share-grant.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { SharingPupil } from './sharing-pupil.js';

/** A QR code or link as its managers see it (never its token or password). */
export interface GrantSummary {
  readonly id: string;
  readonly kind: ShareGrantKind;
  readonly label: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly state: 'active' | 'expired' | 'revoked';
  readonly notifies: boolean;
  readonly canManage: boolean;
  /** The language the code or link opens its pages in, and whether the actor may change it. */
  readonly language: string | null;
  readonly canSetLanguage: boolean;
}

/** The child's QR codes and links, newest first, each marked with what the actor may do with it. */
export async function listGrants(dataSource: DataSource, actor: Actor, sharing: SharingPupil, now: Date): Promise<GrantSummary[]> {
  const grants = await dataSource.getRepository(ShareGrant).find({
    where: { pupilId: sharing.pupil.id, schoolId: sharing.pupil.schoolId },
    order: { createdAt: 'DESC' },
    take: 50,
  });
  return grants.map((grant) => ({
    id: grant.id,
    kind: grant.kind,
    label: grant.label,
    createdAt: grant.createdAt,
    expiresAt: grant.expiresAt,
    state: grant.revokedAt ? 'revoked' : grant.expiresAt <= now ? 'expired' : 'active',
    notifies: grant.notifyEmail !== null,
    canManage: can(actor, grant.kind === 'qr' ? 'manageCodes' : 'manageLinks', sharing.resource),
    language: grant.language,
    canSetLanguage: can(actor, 'setLanguage', sharing.resource),
  }));
}
