import type { DataSource } from 'typeorm';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { runInTransaction } from '../db/transaction.js';
import { sqlInstant } from '../db/sql-values.js';
import type { PupilFacts } from '../directory/pupil-facts.js';
import { newId } from '../model/columns.js';
import { ShareGrant } from '../model/share-grant.js';
import type { Actor } from '../policy/actor.js';
import { qrExpiry } from './qr-expiry.js';
import { hashShareToken, newShareToken } from './share-token.js';
import { findSharingPupil, type SharingPupil } from './sharing-pupil.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

/** A QR code just issued: its token exists only in this object and on the sheet printed from it. */
export interface IssuedQrCode {
  readonly grantId: string;
  readonly pupil: PupilFacts;
  readonly token: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** The family's language (the first guardian's preferred one), printed beside French. */
  readonly familyLanguage: string;
}

/**
 * Issues a new QR code for each pupil, valid for the school's `qrValidity` (see `qrExpiry`), and
 * revokes the codes they had: only hashes are kept, so a code can be shown once and printed, never
 * re-read. A lost or shared sheet is dealt with by printing again.
 */
export async function issueQrCodes(dataSource: DataSource, actor: Actor, pupilIds: readonly string[], now: Date): Promise<IssuedQrCode[]> {
  const pupils: SharingPupil[] = [];
  for (const pupilId of pupilIds) pupils.push(await findSharingPupil(dataSource, actor, pupilId, 'manageCodes', now));
  const languages = await familyLanguages(dataSource, pupils.map(({ pupil }) => pupil));
  return runInTransaction(dataSource, async (manager) => {
    const issued: IssuedQrCode[] = [];
    for (const { pupil, settings } of pupils) {
      await manager.query(`UPDATE share_grant SET revokedAt = ?, revokedById = ? WHERE pupilId = ? AND schoolId = ? AND kind = 'qr' AND revokedAt IS NULL`, [
        sqlInstant(now),
        actor.personId,
        pupil.id,
        pupil.schoolId,
      ]);
      const token = newShareToken();
      const grant: ShareGrant = Object.assign(new ShareGrant(), {
        id: newId(),
        schoolId: pupil.schoolId,
        pupilId: pupil.id,
        kind: 'qr' as const,
        tokenHash: hashShareToken(token),
        passwordHash: null,
        label: null,
        language: languages.get(pupil.id) ?? 'fr',
        notifyEmail: null,
        createdById: actor.personId,
        createdAt: now,
        expiresAt: qrExpiry(now, settings.qrValidity, pupil.timezone),
        revokedAt: null,
        revokedById: null,
      });
      await manager.insert(ShareGrant, grant);
      await recordAuditEvent(manager, {
        schoolId: pupil.schoolId,
        actorId: actor.personId,
        action: 'sharing.qrIssued',
        subjectKind: 'shareGrant',
        subjectId: grant.id,
        detail: { pupilId: pupil.id },
        at: now,
      });
      issued.push({ grantId: grant.id, pupil, token, issuedAt: now, expiresAt: grant.expiresAt, familyLanguage: grant.language ?? 'fr' });
    }
    return issued;
  });
}

/** The preferred language of each pupil's first approved guardian. */
async function familyLanguages(dataSource: DataSource, pupils: readonly PupilFacts[]): Promise<Map<string, string>> {
  const languages = new Map<string, string>();
  if (pupils.length === 0) return languages;
  const rows = await queryRows(dataSource, rowReader({ childId: column.text, language: column.nullableText }), `SELECT g.childId AS childId, p.preferredLanguage AS language
       FROM guardianship g JOIN person p ON p.id = g.guardianId
      WHERE g.childId IN (${pupils.map(() => '?').join(', ')}) AND g.approval = 'approved' AND g.status <> 'noAccess'
      ORDER BY g.guardianRank, g.createdAt`,
    pupils.map((pupil) => pupil.id));
  for (const row of rows) if (!languages.has(row.childId) && row.language) languages.set(row.childId, row.language);
  return languages;
}
