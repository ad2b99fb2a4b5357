import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { inForce } from '../directory/in-force.js';
import { findPupil, schoolsOfPupil } from '../directory/pupil-facts.js';
import { AppError, notFound } from '../http/errors.js';
import type { MessageAudience } from '../model/message.js';
import { readSchoolSettings } from '../model/school-settings.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { RecipientsInput } from './inputs.js';
import { loadSchoolFacts, type SchoolFacts } from './school-facts.js';
import { pupilsMayWriteIn } from './pupil-exchange.js';
import { readPersonIdRow } from '../db/common-rows.js';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';
import { SCHOOL_KINDS } from '../model/school.js';

/** One person a message goes to; guardians and pupils receive it through a child. */
export interface Recipient {
  readonly personId: string;
  readonly role: 'guardian' | 'pupil' | 'staff';
  readonly pupilId: string | null;
}

/** Where a new message goes: its school, what it is about, and one recipient list per message to create. */
interface ResolvedAudience {
  readonly school: SchoolFacts;
  readonly audience: MessageAudience;
  readonly classId: string | null;
  readonly pupilId: string | null;
  /** Usually one list; one per guardian when a family is written to separately. */
  readonly messages: readonly (readonly Recipient[])[];
}

const FOLLOWING = `g.approval = 'approved' AND g.status IN ('full', 'informationOnly')`;

const readClassSchoolRow = rowReader({ classId: column.text, id: column.text, name: column.text, timezone: column.text, kind: nullable(column.oneOf(SCHOOL_KINDS)), settingsJson: column.text });
const readMainTeacherRow = rowReader({ isMainTeacher: column.flag });
const readGuardianRow = rowReader({ personId: column.text, pupilId: column.text });
const readSharedClassRow = rowReader({ classId: column.text, schoolId: column.text });

/**
 * Checks that the actor may write to the audience and lists its recipients as they stand now:
 * guardians kept away by a decision, pending links and ended enrolments receive nothing.
 * Unknown targets and targets in schools the actor does not belong to answer NOT_FOUND; targets
 * the actor can see but may not write to answer MESSAGE_RECIPIENT_NOT_ALLOWED.
 */
export async function resolveAudience(dataSource: DataSource, actor: Actor, to: RecipientsInput, copyPupil: boolean, now: Date): Promise<ResolvedAudience> {
  const at = sqlInstant(now);
  switch (to.audience) {
    case 'family': {
      const pupil = await pupilInActorSchool(dataSource, actor, to.pupilId, now);
      const school = await schoolOrNotFound(dataSource, pupil.schoolId);
      if (!can(actor, 'send', { kind: 'familyMessage', schoolId: pupil.schoolId, pupilId: pupil.id, classIds: pupil.classIds })) {
        throw new AppError('MESSAGE_RECIPIENT_NOT_ALLOWED');
      }
      const rows = await queryRows(dataSource, readPersonIdRow, `SELECT DISTINCT g.guardianId AS personId FROM guardianship g
          WHERE g.schoolId = ? AND g.childId = ? AND ${FOLLOWING} AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}`,
        [pupil.schoolId, pupil.id, at, at]);
      const followers = rows.map((row) => row.personId);
      const chosen = to.guardianIds ?? followers;
      // A guardian the child's records do not give (or no longer give) the right to be informed.
      if (chosen.some((id) => !followers.includes(id))) throw new AppError('MESSAGE_RECIPIENT_NOT_ALLOWED');
      if (chosen.length === 0) throw new AppError('MESSAGE_NO_RECIPIENT');
      const pupilCopy: Recipient[] = copyPupil ? [{ personId: pupil.id, role: 'pupil', pupilId: pupil.id }] : [];
      const guardians = chosen.map((personId): Recipient => ({ personId, role: 'guardian', pupilId: pupil.id }));
      const messages = to.separately ? guardians.map((guardian) => [guardian, ...pupilCopy]) : [[...guardians, ...pupilCopy]];
      return { school, audience: 'family', classId: null, pupilId: pupil.id, messages };
    }
    case 'class': {
      // One round trip for the class and its school: a class message is the hot path.
      const found = await queryRows(dataSource, readClassSchoolRow, 'SELECT k.id AS classId, s.id AS id, s.name AS name, s.timezone AS timezone, s.kind AS kind, s.settingsJson AS settingsJson FROM school_class k JOIN school s ON s.id = k.schoolId WHERE k.id = ?',
        [to.classId]);
      const row = found[0];
      if (!row || !belongsTo(actor, row.id)) throw notFound();
      const klass = { id: row.classId, schoolId: row.id };
      const school: SchoolFacts = { id: row.id, name: row.name, timezone: row.timezone, kind: row.kind, settings: readSchoolSettings(row) };
      const representativesMayWrite = school.settings.messaging.representativesMayWrite;
      if (!can(actor, 'send', { kind: 'classMessage', schoolId: klass.schoolId, classId: klass.id, representativesMayWrite })) {
        throw new AppError('MESSAGE_RECIPIENT_NOT_ALLOWED');
      }
      const recipients = await guardiansOfPupilsWhere(dataSource, 'e.classId = ?', klass.id, at);
      if (copyPupil) recipients.push(...(await pupilsOf(dataSource, 'e.classId = ?', klass.id, at)));
      return { school, audience: 'class', classId: klass.id, pupilId: null, messages: [withoutSender(recipients, actor)] };
    }
    case 'school': {
      if (!belongsTo(actor, to.schoolId)) throw notFound();
      const school = await schoolOrNotFound(dataSource, to.schoolId);
      if (!can(actor, 'send', { kind: 'schoolMessage', schoolId: school.id })) throw new AppError('MESSAGE_RECIPIENT_NOT_ALLOWED');
      const recipients = await guardiansOfPupilsWhere(dataSource, 'e.schoolId = ?', school.id, at);
      if (copyPupil) recipients.push(...(await pupilsOf(dataSource, 'e.schoolId = ?', school.id, at)));
      return { school, audience: 'school', classId: null, pupilId: null, messages: [withoutSender(recipients, actor)] };
    }
    case 'teacher': {
      const pupil = await pupilInActorSchool(dataSource, actor, to.pupilId, now);
      const school = await schoolOrNotFound(dataSource, pupil.schoolId);
      const placeholders = pupil.classIds.map(() => '?').join(',') || 'NULL';
      const assignments = await queryRows(dataSource, readMainTeacherRow, `SELECT t.isMainTeacher AS isMainTeacher FROM teaching_assignment t
          WHERE t.teacherId = ? AND t.schoolId = ? AND t.classId IN (${placeholders}) AND ${inForce('t')}`,
        [to.teacherId, pupil.schoolId, ...pupil.classIds, at, at]);
      const resource = {
        kind: 'teacherMessage' as const,
        schoolId: pupil.schoolId,
        pupilId: pupil.id,
        teacherId: to.teacherId,
        teachesChild: assignments.length > 0,
        isMainTeacherOfChild: assignments.some((row) => row.isMainTeacher),
        mainTeacherOnly: school.settings.messaging.parentsMayWriteTo === 'mainTeacherOnly',
      };
      if (!can(actor, 'send', resource)) throw new AppError('MESSAGE_RECIPIENT_NOT_ALLOWED');
      return { school, audience: 'teacher', classId: null, pupilId: pupil.id, messages: [[{ personId: to.teacherId, role: 'staff', pupilId: null }]] };
    }
    case 'pupilToTeacher': {
      // The class the pupil and the teacher share now; none: the teacher is not theirs to find.
      const shared = await queryRows(dataSource, readSharedClassRow, `SELECT t.classId AS classId, t.schoolId AS schoolId FROM teaching_assignment t
          JOIN enrolment e ON e.classId = t.classId AND e.schoolId = t.schoolId AND e.pupilId = ? AND ${inForce('e')}
         WHERE t.teacherId = ? AND ${inForce('t')}
         ORDER BY t.classId`,
        [actor.personId, at, at, to.teacherId, at, at]);
      const klass = shared.find((row) => belongsTo(actor, row.schoolId));
      if (!klass) throw notFound();
      const school = await schoolOrNotFound(dataSource, klass.schoolId);
      const resource = {
        kind: 'pupilMessage' as const,
        schoolId: school.id,
        pupilId: actor.personId,
        teacherId: to.teacherId,
        teachesPupil: true,
        pupilsMayWrite: pupilsMayWriteIn(school),
      };
      if (!can(actor, 'send', resource)) throw new AppError('MESSAGE_RECIPIENT_NOT_ALLOWED');
      return {
        school,
        audience: 'pupilToTeacher',
        classId: klass.classId,
        pupilId: actor.personId,
        messages: [[{ personId: to.teacherId, role: 'staff', pupilId: null }]],
      };
    }
  }
}

/** A member of the school's community (a parent kept away from every child of it is not). */
function belongsTo(actor: Actor, schoolId: string): boolean {
  return can(actor, 'view', { kind: 'school', schoolId });
}

/** A pupil of a school the actor belongs to; NOT_FOUND otherwise, so ids cannot be probed. */
async function pupilInActorSchool(dataSource: DataSource, actor: Actor, pupilId: string, now: Date) {
  for (const schoolId of await schoolsOfPupil(dataSource, pupilId)) {
    if (!belongsTo(actor, schoolId)) continue;
    const pupil = await findPupil(dataSource, schoolId, pupilId, now);
    if (pupil) return pupil;
  }
  throw notFound();
}

async function schoolOrNotFound(dataSource: DataSource, schoolId: string): Promise<SchoolFacts> {
  const school = await loadSchoolFacts(dataSource, schoolId);
  if (!school) throw notFound();
  return school;
}

async function pupilsOf(dataSource: DataSource, where: string, value: string, at: string): Promise<Recipient[]> {
  const rows = await queryRows(dataSource, readPersonIdRow, `SELECT DISTINCT e.pupilId AS personId FROM enrolment e WHERE ${where} AND ${inForce('e')}`, [value, at, at]);
  return rows.map((row) => ({ personId: row.personId, role: 'pupil', pupilId: row.personId }));
}

/** A representative writing to their own child's class does not receive their own message. */
function withoutSender(recipients: Recipient[], actor: Actor): Recipient[] {
  return recipients.filter((recipient) => recipient.personId !== actor.personId);
}

/**
 * The guardians who follow a child enrolled where `condition` holds (a class, a school), once
 * each, with one of their children for the receipts: a family with two children gets one message.
 */
async function guardiansOfPupilsWhere(dataSource: DataSource, condition: 'e.classId = ?' | 'e.schoolId = ?', value: string, at: string): Promise<Recipient[]> {
  const rows = await queryRows(dataSource, readGuardianRow, `SELECT g.guardianId AS personId, MIN(g.childId) AS pupilId FROM enrolment e
       JOIN guardianship g ON g.childId = e.pupilId AND g.schoolId = e.schoolId AND ${FOLLOWING} AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}
      WHERE ${condition} AND ${inForce('e')}
      GROUP BY g.guardianId`,
    [at, at, value, at, at]);
  return rows.map((row): Recipient => ({ personId: row.personId, role: 'guardian', pupilId: row.pupilId }));
}
