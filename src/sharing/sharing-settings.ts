import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { qrValiditySchema } from '../model/qr-validity.js';
import { changeSchoolSettings } from '../directory/change-school-settings.js';
import { readSchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/**
 * PUT /schools/:schoolId/sharing-settings: what the director chooses of the school's sharing.
 * Its own object (not the whole `sharing` settings) so that the other sharing rules, set
 * elsewhere, are never overwritten by a form that does not show them.
 */
export const sharingSettingsInput = z.strictObject({ qrValidity: qrValiditySchema });
/** The director's choices of the school's sharing. */
type SharingSettings = z.infer<typeof sharingSettingsInput>;

async function storedSettings(manager: EntityManager, schoolId: string): Promise<{ name: string; settingsJson: string }> {
  const rows = await queryRows(manager, rowReader({ name: column.text, settingsJson: column.text }), 'SELECT name, settingsJson FROM school WHERE id = ?', [schoolId]);
  if (!rows[0]) throw notFound();
  return rows[0];
}

/** A school's sharing choices as its settings page shows them. */
interface SchoolSharingSettings {
  readonly schoolName: string;
  readonly settings: SharingSettings;
  /** The actor may change them (the director); others read them. */
  readonly mayChange: boolean;
}

/** The school's sharing choices, for those who may see its settings (its staff and teachers). */
export async function loadSharingSettings(dataSource: DataSource, actor: Actor, schoolId: string): Promise<SchoolSharingSettings> {
  if (!can(actor, 'view', { kind: 'schoolSettings', schoolId })) throw notFound();
  const school = await storedSettings(dataSource.manager, schoolId);
  return {
    schoolName: school.name,
    settings: { qrValidity: readSchoolSettings(school).sharing.qrValidity },
    mayChange: can(actor, 'update', { kind: 'schoolSettings', schoolId }),
  };
}

/**
 * Sets how long the school's QR codes stay valid (director), audited. Codes already printed keep
 * their expiry: a family's sheet does not change under them; the next codes printed follow.
 */
export async function saveSharingSettings(dataSource: DataSource, actor: Actor, schoolId: string, input: SharingSettings, now: Date): Promise<void> {
  if (!can(actor, 'update', { kind: 'schoolSettings', schoolId })) {
    throw can(actor, 'view', { kind: 'schoolSettings', schoolId }) ? new AppError('FORBIDDEN') : notFound();
  }
  await runInTransaction(dataSource, async (manager) => {
    const { before } = await changeSchoolSettings(manager, schoolId, (current) => ({ ...current, sharing: { ...current.sharing, qrValidity: input.qrValidity } }));
    await recordAuditEvent(manager, {
      schoolId,
      actorId: actor.personId,
      action: 'sharing.qrValidityChanged',
      subjectKind: 'school',
      subjectId: schoolId,
      detail: { from: before.sharing.qrValidity, to: input.qrValidity },
      at: now,
    });
  });
}
