import { randomInt } from 'node:crypto';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound } from '../http/errors.js';
import { newId } from '../model/columns.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { paperCodeHash } from './answer-survey.js';
import { loadSurvey, surveyIsOpen, type SurveyFacts } from './load-survey.js';
import { lockSurvey } from './survey-answers.js';
import { schoolFamilies } from './survey-families.js';

/** One printed form: the family's code, and whom to hand it to (on the strip the family keeps). */
export interface PaperForm {
  readonly code: string;
  readonly children: readonly { givenName: string; className: string }[];
}

/** Letters and digits that cannot be mistaken for one another when typed from paper. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new code, `XXXX-XXXX` (about 40 bits: guessing one among a school's codes is hopeless). */
function newPaperCode(): string {
  const characters = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!);
  return `${characters.slice(0, 4).join('')}-${characters.slice(4).join('')}`;
}

const readChild = rowReader({ id: column.text, givenName: column.text, className: column.text, classId: column.text });

/**
 * Issues a paper form to every family of the school (or of one class) that has not answered:
 * each gets a new single-use code, kept only as a hash on the family's ballot (printing again
 * replaces it). The code is what the office types in with the answers; the children's names
 * are on a strip the family tears off and keeps, so the form that comes back names nobody.
 */
export async function issuePaperForms(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, surveyId: string, classId: string | null): Promise<{ survey: SurveyFacts; forms: PaperForm[] }> {
  const survey = await loadSurvey(deps.dataSource, surveyId);
  if (!can(actor, 'enterPaper', { kind: 'survey', schoolId: survey.schoolId, classId: null })) throw notFound();
  const now = deps.clock.now();
  if (!surveyIsOpen(survey, now)) throw new AppError('SURVEY_CLOSED');
  return runInTransaction(deps.dataSource, async (manager) => {
    await lockSurvey(manager, surveyId);
    const families = (await schoolFamilies(manager, survey.schoolId, now)).filter((family) => classId === null || family.classIds.includes(classId));
    const ballots = new Map(
      (await queryRows(manager, rowReader({ familyKey: column.text, used: column.flag }), 'SELECT familyKey, used FROM survey_ballot WHERE surveyId = ?', [surveyId])).map((row) => [row.familyKey, row.used]),
    );
    const children = await queryRows(
      manager,
      readChild,
      `SELECT p.id AS id, p.givenName AS givenName, k.name AS className, k.id AS classId
         FROM enrolment e JOIN person p ON p.id = e.pupilId JOIN school_class k ON k.id = e.classId
        WHERE e.schoolId = ? AND e.startedAt <= ? AND (e.endedAt IS NULL OR e.endedAt > ?)`,
      [survey.schoolId, sqlInstant(now), sqlInstant(now)],
    );
    const forms: PaperForm[] = [];
    for (const family of families.filter((candidate) => ballots.get(candidate.key) !== true)) {
      const code = newPaperCode();
      const hash = paperCodeHash(code);
      if (ballots.has(family.key)) {
        await manager.query('UPDATE survey_ballot SET codeHash = ? WHERE surveyId = ? AND familyKey = ?', [hash, surveyId, family.key]);
      } else {
        await manager.query('INSERT INTO survey_ballot (id, surveyId, familyKey, used, codeHash) VALUES (?, ?, ?, 0, ?)', [newId(), surveyId, family.key, hash]);
      }
      forms.push({
        code,
        children: children.filter((child) => family.childIds.includes(child.id)).map((child) => ({ givenName: child.givenName, className: child.className })),
      });
    }
    await recordAuditEvent(manager, { schoolId: survey.schoolId, actorId: actor.personId, action: 'survey.paperFormsPrinted', subjectKind: 'survey', subjectId: surveyId, detail: { classId, forms: forms.length }, at: now });
    return { survey, forms };
  });
}
