import { expect } from 'chai';
import { AppError } from '../../src/http/errors.js';
import type { Person, SchoolClass } from '../../src/model/index.js';
import { answerSurvey, enterPaperAnswer } from '../../src/survey/answer-survey.js';
import { closeSurvey } from '../../src/survey/close-survey.js';
import { launchSurvey } from '../../src/survey/launch-survey.js';
import { issuePaperForms } from '../../src/survey/paper-forms.js';
import { resultsCsv } from '../../src/survey/results-csv.js';
import { schoolFamilies } from '../../src/survey/survey-families.js';
import { readSurveyResults } from '../../src/survey/survey-results.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { actorFor } from './support.js';

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('families’ survey: one anonymous answer per family, results from five', () => {
  const clock = new TestClock('2026-11-23T09:00:00.000Z');
  const deps = () => ({ dataSource: testDataSource(), clock });
  let school: SchoolFactory;
  let cp: SchoolClass;
  let ce1: SchoolClass;
  let director: Person;
  let teacherCp: Person;
  let teacherCe1: Person;
  let representative: Person;
  let staff: Person;
  /** Seven families in CP; the first also has a child in CE1 (two parents). */
  let parents: Person[][];
  let keptAway: Person;

  before(async () => {
    school = await SchoolFactory.create(testDataSource());
    [cp, ce1] = [await school.class('CP'), await school.class('CE1')];
    director = await school.director();
    staff = await school.staff();
    representative = await school.parentRepresentative();
    teacherCp = await school.teacher([cp]);
    teacherCe1 = await school.teacher([ce1]);
    parents = [];
    for (let index = 0; index < 7; index += 1) {
      const child = await school.pupil(cp);
      const mother = await school.guardian([child]);
      if (index === 0) {
        const sibling = await school.pupil(ce1);
        await school.guardian([sibling], { person: mother });
        const father = await school.guardian([child, sibling]);
        keptAway = await school.guardian([child], { status: 'noAccess' });
        parents.push([mother, father]);
      } else parents.push([mother]);
    }
  });

  const launch = async (closesOn = '2026-12-04') =>
    launchSurvey(deps(), await actorFor(director.id, clock.now()), school.id, { title: 'Le numérique', questions: ['equipment', 'preferredChannel'], closesOn });
  const answer = async (person: Person, surveyId: string, form: Record<string, string | string[]> = { q_equipment: ['smartphone'] }) =>
    answerSurvey(deps(), await actorFor(person.id, clock.now()), surveyId, form);

  it('counts a family once: parents and siblings in two classes, without a guardian kept away', async () => {
    const families = await schoolFamilies(testDataSource(), school.id, clock.now());
    expect(families).to.have.length(7);
    const first = families.find((family) => family.guardianIds.includes(parents[0]![0]!.id))!;
    expect([...first.guardianIds].sort()).to.deep.equal([parents[0]![0]!.id, parents[0]![1]!.id].sort());
    expect([...first.classIds].sort()).to.deep.equal([cp.id, ce1.id].sort());
    expect(families.some((family) => family.guardianIds.includes(keptAway.id))).to.equal(false);
  });

  it('stores answers with no person, family or time, refuses the other parent, and rewrites the rows on each answer', async () => {
    const surveyId = await launch();
    await answer(parents[0]![0]!, surveyId, { q_equipment: ['computer', 'smartphone'], q_preferredChannel: 'email' });
    expect(await refusal(answer(parents[0]![1]!, surveyId))).to.equal('SURVEY_ALREADY_ANSWERED');
    expect(await refusal(answer(keptAway, surveyId))).to.equal('NOT_FOUND');
    const rows = (await testDataSource().query('SELECT * FROM survey_answer WHERE surveyId = ?', [surveyId])) as Record<string, unknown>[];
    expect(rows).to.have.length(1);
    expect(Object.keys(rows[0]!).sort()).to.deep.equal(['answersJson', 'classIdsJson', 'id', 'surveyId']);
    expect(JSON.parse(String(rows[0]!.answersJson))).to.deep.equal({ equipment: ['smartphone', 'computer'], preferredChannel: ['email'] });
    const ballots = (await testDataSource().query('SELECT * FROM survey_ballot WHERE surveyId = ?', [surveyId])) as Record<string, unknown>[];
    expect(Object.keys(ballots[0]!).sort()).to.deep.equal(['codeHash', 'familyKey', 'id', 'surveyId', 'used']);
    await answer(parents[1]![0]!, surveyId);
    const after = ((await testDataSource().query('SELECT id FROM survey_answer WHERE surveyId = ?', [surveyId])) as { id: string }[]).map((row) => row.id);
    expect(after).to.have.length(2).and.not.include(rows[0]!.id);
  });

  it('refuses an option the question does not have, and two choices to a single-choice question', async () => {
    const surveyId = await launch();
    expect(await refusal(answer(parents[2]![0]!, surveyId, { q_equipment: ['spaceship'] }))).to.equal('VALIDATION_FAILED');
    expect(await refusal(answer(parents[2]![0]!, surveyId, { q_preferredChannel: ['email', 'paper'] }))).to.equal('VALIDATION_FAILED');
    await answer(parents[2]![0]!, surveyId, { q_preferredChannel: 'paper' });
  });

  it('shows results only from five answers, per class to its teachers, the school to the representative', async () => {
    const surveyId = await launch();
    for (const family of parents.slice(0, 4)) await answer(family[0]!, surveyId);
    const asDirector = await readSurveyResults(deps(), await actorFor(director.id, clock.now()), surveyId, null);
    expect(asDirector.answerCount).to.equal(4);
    expect(asDirector.familyCount).to.equal(7);
    expect(asDirector.shown).to.equal(false);
    expect(asDirector.questions).to.deep.equal([]);
    expect(resultsCsv(asDirector, { headers: ['h'], question: (code) => code, option: (_, code) => code })).to.not.include('smartphone');
    await answer(parents[4]![0]!, surveyId, { q_equipment: ['printer'] });
    const shown = await readSurveyResults(deps(), await actorFor(representative.id, clock.now()), surveyId, null);
    expect(shown.shown).to.equal(true);
    const equipment = shown.questions.find((question) => question.code === 'equipment')!;
    expect(equipment.answered).to.equal(5);
    expect(equipment.options.find((option) => option.code === 'smartphone')).to.deep.equal({ code: 'smartphone', count: 4, percent: 80 });
    expect(equipment.options.find((option) => option.code === 'printer')).to.deep.equal({ code: 'printer', count: 1, percent: 20 });
    // CE1 has one family: its teacher sees the count and nothing else; she may not see CP's.
    const ce1Results = await readSurveyResults(deps(), await actorFor(teacherCe1.id, clock.now()), surveyId, ce1.id);
    expect([ce1Results.answerCount, ce1Results.shown]).to.deep.equal([1, false]);
    expect(await refusal(readSurveyResults(deps(), await actorFor(teacherCe1.id, clock.now()), surveyId, cp.id))).to.equal('NOT_FOUND');
    expect(await refusal(readSurveyResults(deps(), await actorFor(teacherCp.id, clock.now()), surveyId, null))).to.equal('NOT_FOUND');
    expect(await refusal(readSurveyResults(deps(), await actorFor(representative.id, clock.now()), surveyId, cp.id))).to.equal('NOT_FOUND');
    expect((await readSurveyResults(deps(), await actorFor(teacherCp.id, clock.now()), surveyId, cp.id)).shown).to.equal(true);
  });

  it('takes a paper form once, by its code, and not from a family who answered online', async () => {
    const surveyId = await launch();
    await answer(parents[0]![1]!, surveyId);
    const office = await actorFor(staff.id, clock.now());
    const { forms } = await issuePaperForms(deps(), office, surveyId, cp.id);
    expect(forms).to.have.length(6);
    const again = await issuePaperForms(deps(), office, surveyId, cp.id);
    // Printing again replaces the codes: the first print's no longer work.
    expect(await refusal(enterPaperAnswer(deps(), office, surveyId, forms[0]!.code, { q_equipment: 'none' }))).to.equal('SURVEY_CODE_INVALID');
    await enterPaperAnswer(deps(), office, surveyId, again.forms[0]!.code.toLowerCase().replace('-', ' '), { q_equipment: 'none' });
    expect(await refusal(enterPaperAnswer(deps(), office, surveyId, again.forms[0]!.code, { q_equipment: 'none' }))).to.equal('SURVEY_CODE_INVALID');
    expect(await refusal(enterPaperAnswer(deps(), await actorFor(teacherCp.id, clock.now()), surveyId, again.forms[1]!.code, {}))).to.equal('NOT_FOUND');
    // The family whose paper form came back cannot answer online too.
    const answered = ((await testDataSource().query('SELECT COUNT(*) AS n FROM survey_ballot WHERE surveyId = ? AND used = 1', [surveyId])) as { n: number | string }[])[0]!;
    expect(Number(answered.n)).to.equal(2);
    // Six families at the same moment: each answer is kept, the paper family's refused.
    const refusals = await Promise.all(parents.slice(1).map((family) => refusal(answer(family[0]!, surveyId))));
    expect(refusals.filter((code) => code === 'SURVEY_ALREADY_ANSWERED')).to.have.length(1);
    expect(refusals.filter((code) => code === 'accepted')).to.have.length(5);
    const stored = ((await testDataSource().query('SELECT COUNT(*) AS n FROM survey_answer WHERE surveyId = ?', [surveyId])) as { n: number | string }[])[0]!;
    expect(Number(stored.n)).to.equal(7);
  });

  it('takes no answer after its last day or once closed, and forgets unused paper codes', async () => {
    const surveyId = await launch('2026-11-23');
    const office = await actorFor(staff.id, clock.now());
    const { forms } = await issuePaperForms(deps(), office, surveyId, null);
    const late = new TestClock('2026-11-23T23:30:00.000Z'); // already the 24th in Paris
    expect(await refusal(answerSurvey({ dataSource: testDataSource(), clock: late }, await actorFor(parents[3]![0]!.id, late.now()), surveyId, {}))).to.equal('SURVEY_CLOSED');
    await closeSurvey(deps(), await actorFor(director.id, clock.now()), surveyId);
    expect(await refusal(answer(parents[3]![0]!, surveyId))).to.equal('SURVEY_CLOSED');
    const codes = ((await testDataSource().query('SELECT COUNT(*) AS n FROM survey_ballot WHERE surveyId = ? AND codeHash IS NOT NULL', [surveyId])) as { n: number | string }[])[0]!;
    expect([forms.length, Number(codes.n)]).to.deep.equal([7, 0]);
    expect(await refusal(launch('2026-11-01'))).to.equal('VALIDATION_FAILED');
  });
});
