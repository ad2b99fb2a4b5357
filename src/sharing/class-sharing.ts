import type { DataSource } from 'typeorm';
import { classRoster } from '../directory/roster.js';
import { notFound } from '../http/errors.js';
import type { QrValidity } from '../model/qr-validity.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadClassContext } from '../portfolio/class-context.js';
import { listAccessHistory, type AccessLine } from './access-history.js';
import { listPendingInvites, type PendingInvite } from './invite-approvals.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A pupil on the teacher's sharing page, with their QR code's state. */
interface ClassSharingPupil {
  readonly id: string;
  readonly givenName: string;
  readonly familyName: string;
  /** The live QR code, if any. */
  readonly qr: { readonly id: string; readonly createdAt: Date; readonly expiresAt: Date } | null;
}

/** The teacher's (or director's) sharing page of a class. */
interface ClassSharing {
  readonly classId: string;
  readonly schoolId: string;
  readonly className: string;
  readonly timezone: string;
  /** How long the codes printed now will stay valid. */
  readonly qrValidity: QrValidity;
  /** The actor may change that validity (the director, on the school's sharing settings). */
  readonly maySetQrValidity: boolean;
  readonly pupils: readonly ClassSharingPupil[];
  readonly history: readonly AccessLine[];
  /** Parents who used an invite code for a child of the class, waiting for a decision. */
  readonly pendingInvites: readonly PendingInvite[];
}

/** The class's children whose QR codes the actor manages, and the latest views of their portfolios. */
export async function loadClassSharing(dataSource: DataSource, actor: Actor, classId: string, now: Date): Promise<ClassSharing> {
  const klass = await loadClassContext(dataSource.manager, classId, now);
  if (!klass) throw notFound();
  const personalLinksAllowed = klass.settings.sharing.personalLinksAllowed;
  const sharingOf = (pupilId: string) => ({ kind: 'sharing' as const, schoolId: klass.schoolId, pupilId, classIds: [classId], personalLinksAllowed });
  const roster = (await classRoster(dataSource, klass.schoolId, classId, now)).filter((pupil) => can(actor, 'manageCodes', sharingOf(pupil.id)));
  // An empty class is still the teacher's: decided on the class alone (no child named).
  if (roster.length === 0 && !can(actor, 'manageCodes', sharingOf(''))) throw notFound();
  const ids = roster.map((pupil) => pupil.id);
  const live =
    ids.length === 0
      ? []
      : (await queryRows(dataSource, rowReader({ id: column.text, pupilId: column.text, createdAt: column.instant, expiresAt: column.instant }), `SELECT id, pupilId, createdAt, expiresAt FROM share_grant
            WHERE kind = 'qr' AND revokedAt IS NULL AND schoolId = ? AND pupilId IN (${ids.map(() => '?').join(', ')})`,
          [klass.schoolId, ...ids]));
  const history = await listAccessHistory(dataSource, klass.schoolId, ids.filter((id) => can(actor, 'viewHistory', sharingOf(id))));
  return {
    classId,
    schoolId: klass.schoolId,
    className: klass.className,
    timezone: klass.timezone,
    qrValidity: klass.settings.sharing.qrValidity,
    maySetQrValidity: can(actor, 'update', { kind: 'schoolSettings', schoolId: klass.schoolId }),
    pupils: roster.map((pupil) => {
      const qr = live.find((row) => row.pupilId === pupil.id && row.expiresAt > now);
      return {
        id: pupil.id,
        givenName: pupil.givenName,
        familyName: pupil.familyName,
        qr: qr ? { id: qr.id, createdAt: qr.createdAt, expiresAt: qr.expiresAt } : null,
      };
    }),
    history,
    pendingInvites: await listPendingInvites(dataSource, actor, klass.schoolId, ids, now),
  };
}
