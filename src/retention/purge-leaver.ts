import type { EntityManager } from 'typeorm';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { recordPendingObjects, storedKeysOf } from './pending-objects.js';

/** What deleting one person's data in a school removed. */
export interface LeaverPurge {
  readonly portfolioEntries: number;
  readonly media: number;
  /** The person had nothing left in any school: names and contacts blanked, sign-ins removed. */
  readonly anonymised: boolean;
}

/** What a blanked person is called from now on (messages they sent stay until their own delay). */
const ANONYMOUS_NAME = '—';

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);
const list = (values: readonly unknown[]) => values.map(() => '?').join(', ');
const readId = rowReader({ id: column.text });

/**
 * Deletes everything of `personId` in the school, in the caller's transaction, so that a crash
 * leaves either all of it or none (the stored files follow through `retention_pending_object`):
 * as a pupil, the portfolio entries about them alone with their media, the media they appear in,
 * their place in shared entries, their comments, consents, QR codes and links, access history,
 * enrolments and guardianships; as an adult, their links, assignments and memberships. Entries a
 * teacher wrote stay (they are the children's). The person row itself is blanked, not deleted,
 * and only once no school holds anything of theirs: another school may still need them.
 */
export async function purgeLeaver(manager: EntityManager, schoolId: string, personId: string, leftAt: Date, now: Date): Promise<LeaverPurge> {
  const q = (sql: string, parameters: readonly unknown[]) => manager.query(sql, [...parameters]);

  // Entries about this child alone go whole; an entry about several children only loses this one.
  const ownEntries = ids(
    await queryRows(manager, readId, `SELECT e.id AS id FROM portfolio_entry e JOIN entry_pupil ep ON ep.entryId = e.id
      WHERE e.schoolId = ? AND e.audience = 'children' AND ep.pupilId = ?
        AND NOT EXISTS (SELECT 1 FROM entry_pupil other WHERE other.entryId = e.id AND other.pupilId <> ?)`, [schoolId, personId, personId]),
  );
  const entryMedia = ownEntries.length === 0 ? [] : ids(await queryRows(manager, readId, `SELECT id FROM portfolio_medium WHERE entryId IN (${list(ownEntries)})`, ownEntries));
  // A photo or video the child appears in goes too: without the tag, their image rights would no longer guard it.
  const appearsIn = ids(await queryRows(manager, readId, 'SELECT m.id AS id FROM portfolio_medium m JOIN medium_tag t ON t.mediumId = m.id WHERE m.schoolId = ? AND t.pupilId = ?', [schoolId, personId]));
  const media = [...new Set([...entryMedia, ...appearsIn])];
  await recordPendingObjects(manager, schoolId, await storedKeysOf(manager, 'portfolio_medium', media), now);
  if (media.length > 0) {
    await q(`DELETE FROM medium_tag WHERE mediumId IN (${list(media)})`, media);
    await q(`DELETE FROM portfolio_medium WHERE id IN (${list(media)})`, media);
  }
  if (ownEntries.length > 0) {
    for (const table of ['entry_pupil', 'entry_skill', 'entry_response', 'portfolio_feed_item', 'link_notice', 'portfolio_import_origin']) {
      await q(`DELETE FROM ${table} WHERE entryId IN (${list(ownEntries)})`, ownEntries);
    }
    await q(`DELETE FROM portfolio_entry WHERE id IN (${list(ownEntries)})`, ownEntries);
  }

  // The child's place in what remains, and everything kept about them.
  const bySchoolAndPupil = 'WHERE schoolId = ? AND pupilId = ?';
  for (const table of ['entry_pupil', 'portfolio_feed_item', 'link_notice', 'portfolio_import_origin', 'invite_code', 'retention_notice']) {
    await q(`DELETE FROM ${table} ${bySchoolAndPupil}`, [schoolId, personId]);
  }
  await q('DELETE FROM entry_response WHERE schoolId = ? AND (authorId = ? OR pupilId = ?)', [schoolId, personId, personId]);
  for (const table of ['share_session', 'link_notice', 'link_unsubscribe', 'portfolio_access']) {
    await q(`DELETE FROM ${table} WHERE grantId IN (SELECT id FROM share_grant WHERE schoolId = ? AND pupilId = ?)`, [schoolId, personId]);
  }
  await q(`DELETE FROM share_grant ${bySchoolAndPupil}`, [schoolId, personId]);
  await q('DELETE FROM portfolio_access WHERE schoolId = ? AND (pupilId = ? OR personId = ?)', [schoolId, personId, personId]);
  await q('DELETE FROM image_consent WHERE schoolId = ? AND childId = ?', [schoolId, personId]);
  await q('DELETE FROM enrolment WHERE schoolId = ? AND pupilId = ?', [schoolId, personId]);
  // Guardians with no other child here leave with this one: their membership says when, since the link goes.
  await q(
    `UPDATE school_membership SET endedAt = ? WHERE schoolId = ? AND role = 'parent' AND endedAt IS NULL
       AND personId IN (SELECT guardianId FROM guardianship WHERE schoolId = ? AND childId = ?)
       AND personId NOT IN (SELECT guardianId FROM guardianship WHERE schoolId = ? AND childId <> ?)`,
    [sqlInstant(leftAt), schoolId, schoolId, personId, schoolId, personId],
  );
  await q('DELETE FROM guardianship WHERE schoolId = ? AND childId = ?', [schoolId, personId]);

  // As an adult.
  await q('DELETE FROM guardianship WHERE schoolId = ? AND guardianId = ?', [schoolId, personId]);
  await q('DELETE FROM retention_notice WHERE schoolId = ? AND guardianId = ?', [schoolId, personId]);
  await q('DELETE FROM teaching_assignment WHERE schoolId = ? AND teacherId = ?', [schoolId, personId]);
  await q('DELETE FROM weekly_reminder WHERE schoolId = ? AND teacherId = ?', [schoolId, personId]);
  await q('DELETE FROM school_membership WHERE schoolId = ? AND personId = ?', [schoolId, personId]);

  const elsewhere = await queryRows(manager, readId, 'SELECT id FROM school_membership WHERE personId = ? LIMIT 1', [personId]);
  if (elsewhere.length === 0) {
    await q('UPDATE person SET givenName = ?, familyName = ?, email = NULL, phone = NULL, birthDate = NULL WHERE id = ?', [ANONYMOUS_NAME, ANONYMOUS_NAME, personId]);
    for (const table of ['external_identity', 'http_session', 'push_subscription', 'notification_preference']) {
      await q(`DELETE FROM ${table} WHERE personId = ?`, [personId]);
    }
  }
  return { portfolioEntries: ownEntries.length, media: media.length, anonymised: elsewhere.length === 0 };
}
