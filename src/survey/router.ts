import { Router, type Request, type Response } from 'express';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { describeProblem } from '../http/error-handler.js';
import { AppError, notFound } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { schoolParams, surveyParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { textDirection } from '../i18n/languages.js';
import { byNames } from '../i18n/collation.js';
import { can } from '../policy/can.js';
import { localDate } from '../school-year/local-time.js';
import { answerSurvey, enterPaperAnswer, familyHasAnswered } from './answer-survey.js';
import { closeSurvey } from './close-survey.js';
import { launchSurvey } from './launch-survey.js';
import { listSurveys, loadSurvey, surveyIsOpen } from './load-survey.js';
import { issuePaperForms } from './paper-forms.js';
import { renderPaperForms } from './paper-forms-pdf.js';
import { chartBars, questionChart } from './results-chart.js';
import { resultsCsv } from './results-csv.js';
import { readSurveyResults } from './survey-results.js';
import { answerFormInput, launchSurveyInput, paperCodeInput, resultsQuery } from './survey-inputs.js';
import { SURVEY_QUESTIONS, type SurveyQuestion } from './survey-template.js';

const STYLESHEETS = ['/static/survey.css'];

/** A question with its words and inputs, for the answer and paper forms. */
function questionFields(req: Request, questions: readonly SurveyQuestion[], chosen: Record<string, string[]> = {}) {
  return questions.map((question) => ({
    code: question.code,
    multiple: question.kind === 'many',
    label: req.t(`survey.questions.${question.code}.label`),
    hint: req.t(question.kind === 'one' ? 'survey.answer.pickOne' : 'survey.answer.pickMany'),
    options: question.options.map((option) => ({
      value: option,
      id: `q-${question.code}-${option}`,
      label: req.t(`survey.questions.${question.code}.options.${option}`),
      checked: (chosen[question.code] ?? []).includes(option),
    })),
  }));
}

/** The form's fields other than the token and the code, as the answer checker reads them. */
function answerFields(body: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(body).filter(([key]) => key.startsWith('q_')));
}

function chosenOf(body: Record<string, string | string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(answerFields(body)).map(([key, value]) => [key.slice(2), Array.isArray(value) ? value : [value]]));
}

/** `/schools/:schoolId/surveys`, `/surveys/:surveyId/…`: the families' equipment survey. */
export function createSurveyRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);
  const page = (res: Response) => res.set('Cache-Control', 'private, no-store');
  const dateText = (req: Request, day: string) => new Intl.DateTimeFormat(req.language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));

  /** Classes of the school whose aggregate the viewer may read. */
  async function resultClasses(req: Request, schoolId: string) {
    const classes = await queryRows(context.dataSource, rowReader({ id: column.text, name: column.text }), 'SELECT id, name FROM school_class WHERE schoolId = ?', [schoolId]);
    return classes.filter((klass) => can(actorOf(req), 'viewResults', { kind: 'survey', schoolId, classId: klass.id })).sort(byNames((klass) => [klass.name]));
  }

  router.get('/schools/:schoolId/surveys', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const actor = actorOf(req);
    const school = { kind: 'survey' as const, schoolId, classId: null };
    const mayLaunch = can(actor, 'launch', school);
    const mayAnswer = can(actor, 'answer', school);
    const mayEnter = can(actor, 'enterPaper', school);
    const maySeeSchool = can(actor, 'viewResults', school);
    const surveys = await listSurveys(context.dataSource, schoolId);
    const classes = await resultClasses(req, schoolId);
    if (!mayLaunch && !mayAnswer && !mayEnter && !maySeeSchool && classes.length === 0) throw notFound();
    const now = context.clock.now();
    page(res).render('survey/list', {
      title: req.t('survey.list.title'),
      stylesheets: STYLESHEETS,
      schoolId,
      mayLaunch,
      surveys: surveys.map((survey) => ({
        id: survey.id,
        title: survey.title,
        open: surveyIsOpen(survey, now),
        closesOnText: dateText(req, survey.closesOn),
        mayAnswer: mayAnswer && surveyIsOpen(survey, now),
        maySeeResults: maySeeSchool || classes.length > 0,
        mayEnter: mayEnter && surveyIsOpen(survey, now),
        mayClose: can(actor, 'close', school) && surveyIsOpen(survey, now),
        // To paste into a message to the families: the page they answer on.
        shareUrl: mayLaunch && surveyIsOpen(survey, now) ? `${context.config.baseUrl}/surveys/${survey.id}` : null,
      })),
    });
  }));

  function renderLaunch(req: Request, res: Response, schoolId: string, values: { title: string; questions: readonly string[]; closesOn: string }, problems: ReturnType<typeof describeProblem>[] = []) {
    page(res)
      .status(problems.length > 0 ? 400 : 200)
      .render('survey/launch', {
        title: req.t('survey.launch.title'),
        stylesheets: STYLESHEETS,
        schoolId,
        problems,
        values,
        questions: SURVEY_QUESTIONS.map((question) => ({
          code: question.code,
          label: req.t(`survey.questions.${question.code}.label`),
          checked: values.questions.includes(question.code),
        })),
      });
  }

  router.get('/schools/:schoolId/surveys/new', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    if (!can(actorOf(req), 'launch', { kind: 'survey', schoolId, classId: null })) throw notFound();
    const timezones = await queryRows(context.dataSource, rowReader({ timezone: column.text }), 'SELECT timezone FROM school WHERE id = ?', [schoolId]);
    const inThreeWeeks = new Date(context.clock.now().getTime() + 21 * 24 * 3600 * 1000);
    renderLaunch(req, res, schoolId, {
      title: req.t('survey.launch.defaultTitle'),
      questions: SURVEY_QUESTIONS.map((question) => question.code),
      closesOn: localDate(inThreeWeeks, timezones[0]?.timezone ?? 'Europe/Paris'),
    });
  }));

  router.post('/schools/:schoolId/surveys', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const body = req.body as Record<string, string | string[] | undefined>;
    const candidate = { title: body.title, questions: body.questions, closesOn: body.closesOn };
    try {
      await launchSurvey(context, actorOf(req), schoolId, parseInput(launchSurveyInput, candidate));
      res.redirect(303, `${req.basePath}/schools/${schoolId}/surveys`);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
      renderLaunch(req, res, schoolId, { title: typeof body.title === 'string' ? body.title : '', questions: list(body.questions), closesOn: typeof body.closesOn === 'string' ? body.closesOn : '' }, error.fields.map((problem) => describeProblem(req.t, problem)));
    }
  }));

  async function renderAnswer(req: Request, res: Response, surveyId: string, state: { chosen?: Record<string, string[]>; problems?: ReturnType<typeof describeProblem>[]; refused?: string } = {}) {
    const actor = actorOf(req);
    const survey = await loadSurvey(context.dataSource, surveyId);
    if (!can(actor, 'answer', { kind: 'survey', schoolId: survey.schoolId, classId: null })) throw notFound();
    const open = surveyIsOpen(survey, context.clock.now());
    const answered = await familyHasAnswered(context, actor, survey);
    page(res)
      .status(state.problems?.length || state.refused ? 400 : 200)
      .render('survey/answer', {
        title: survey.title,
        stylesheets: STYLESHEETS,
        survey: { id: survey.id, title: survey.title, schoolName: survey.schoolName, closesOnText: dateText(req, survey.closesOn) },
        open,
        answered,
        thanks: req.query.thanks === '1',
        refused: state.refused,
        problems: state.problems ?? [],
        questions: questionFields(req, survey.questions, state.chosen),
      });
  }

  router.get('/surveys/:surveyId', signedIn, validated({ params: surveyParams }, async ({ params: { surveyId } }, req, res) => {
    await renderAnswer(req, res, surveyId);
  }));

  router.post('/surveys/:surveyId/answer', signedIn, validated({ params: surveyParams, body: answerFormInput }, async ({ params: { surveyId }, body }, req, res) => {
    try {
      await answerSurvey(context, actorOf(req), surveyId, answerFields(body));
      res.redirect(303, `${req.basePath}/surveys/${surveyId}?thanks=1`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        await renderAnswer(req, res, surveyId, { chosen: chosenOf(body), problems: error.fields.map((problem) => describeProblem(req.t, problem)) });
      } else if (error.code === 'SURVEY_ALREADY_ANSWERED' || error.code === 'SURVEY_CLOSED') {
        await renderAnswer(req, res, surveyId, { refused: req.t(`errors.${error.code}`) });
      } else throw error;
    }
  }));

  async function renderPaper(req: Request, res: Response, surveyId: string, state: { saved?: boolean; code?: string; chosen?: Record<string, string[]>; problems?: ReturnType<typeof describeProblem>[]; refused?: string } = {}) {
    const survey = await loadSurvey(context.dataSource, surveyId);
    if (!can(actorOf(req), 'enterPaper', { kind: 'survey', schoolId: survey.schoolId, classId: null })) throw notFound();
    const classes = await queryRows(context.dataSource, rowReader({ id: column.text, name: column.text }), 'SELECT id, name FROM school_class WHERE schoolId = ?', [survey.schoolId]);
    page(res)
      .status(state.problems?.length || state.refused ? 400 : 200)
      .render('survey/paper', {
        title: req.t('survey.paper.title'),
        stylesheets: STYLESHEETS,
        survey: { id: survey.id, title: survey.title, schoolId: survey.schoolId },
        open: surveyIsOpen(survey, context.clock.now()),
        classes: classes.sort(byNames((klass) => [klass.name])),
        saved: state.saved ?? req.query.saved === '1',
        code: state.code ?? '',
        refused: state.refused,
        problems: state.problems ?? [],
        questions: questionFields(req, survey.questions, state.chosen),
      });
  }

  router.get('/surveys/:surveyId/paper', signedIn, validated({ params: surveyParams }, async ({ params: { surveyId } }, req, res) => {
    await renderPaper(req, res, surveyId);
  }));

  router.get('/surveys/:surveyId/paper-forms.pdf', signedIn, validated({ params: surveyParams, query: resultsQuery }, async ({ params: { surveyId }, query }, req, res) => {
    const { survey, forms } = await issuePaperForms(context, actorOf(req), surveyId, query.classId ?? null);
    const pdf = await renderPaperForms(survey, forms, context.translator.forLanguage('fr'));
    page(res).type('application/pdf').attachment('questionnaire-familles.pdf').send(pdf);
  }));

  router.post('/surveys/:surveyId/paper', signedIn, validated({ params: surveyParams, body: answerFormInput }, async ({ params: { surveyId }, body }, req, res) => {
    const code = typeof body.paperCode === 'string' ? body.paperCode : '';
    try {
      const { paperCode: checked } = parseInput(paperCodeInput, { paperCode: code });
      await enterPaperAnswer(context, actorOf(req), surveyId, checked, answerFields(body));
      res.redirect(303, `${req.basePath}/surveys/${surveyId}/paper?saved=1`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        await renderPaper(req, res, surveyId, { code, chosen: chosenOf(body), problems: error.fields.map((problem) => describeProblem(req.t, problem)) });
      } else if (error.code === 'SURVEY_CODE_INVALID' || error.code === 'SURVEY_CLOSED') {
        await renderPaper(req, res, surveyId, { code, chosen: chosenOf(body), refused: req.t(`errors.${error.code}`) });
      } else throw error;
    }
  }));

  router.post('/surveys/:surveyId/close', signedIn, validated({ params: surveyParams }, async ({ params: { surveyId } }, req, res) => {
    await closeSurvey(context, actorOf(req), surveyId);
    const survey = await loadSurvey(context.dataSource, surveyId);
    res.redirect(303, `${req.basePath}/schools/${survey.schoolId}/surveys`);
  }));

  router.get('/surveys/:surveyId/results', signedIn, validated({ params: surveyParams, query: resultsQuery }, async ({ params: { surveyId }, query }, req, res) => {
    const classId = query.classId ?? null;
    const actor = actorOf(req);
    const survey = await loadSurvey(context.dataSource, surveyId);
    // A teacher who may not see the school's figures lands on their first class's.
    const classes = await resultClasses(req, survey.schoolId);
    const schoolWide = can(actor, 'viewResults', { kind: 'survey', schoolId: survey.schoolId, classId: null });
    if (classId === null && !schoolWide && classes[0]) {
      res.redirect(303, `${req.basePath}/surveys/${surveyId}/results?classId=${classes[0].id}`);
      return;
    }
    const results = await readSurveyResults(context, actor, surveyId, classId);
    const rightToLeft = textDirection(req.language) === 'rtl';
    const className = classes.find((klass) => klass.id === classId)?.name;
    page(res).render('survey/results', {
      title: req.t('survey.results.title'),
      stylesheets: STYLESHEETS,
      survey: { id: survey.id, title: survey.title, schoolId: survey.schoolId, closesOnText: dateText(req, survey.closesOn) },
      open: results.open,
      scopeText: className === undefined ? req.t('survey.results.wholeSchool') : req.t('survey.results.ofClass', { name: className }),
      scopes: [
        ...(schoolWide ? [{ href: `${req.basePath}/surveys/${surveyId}/results`, label: req.t('survey.results.wholeSchool'), current: classId === null }] : []),
        ...classes.map((klass) => ({ href: `${req.basePath}/surveys/${surveyId}/results?classId=${klass.id}`, label: klass.name, current: klass.id === classId })),
      ],
      csvHref: `${req.basePath}/surveys/${surveyId}/results.csv${classId === null ? '' : `?classId=${classId}`}`,
      answerCountText: req.t('survey.results.answerCount', { count: results.answerCount, families: results.familyCount }),
      shown: results.shown,
      belowMinimumText: req.t('survey.results.belowMinimum', { count: results.minimum }),
      questions: results.questions.map((question) => {
        const label = (option: string) => req.t(`survey.questions.${question.code}.options.${option}`);
        const top = [...question.options].sort((a, b) => b.count - a.count)[0];
        return {
          code: question.code,
          label: req.t(`survey.questions.${question.code}.label`),
          answeredText: req.t('survey.results.answered', { count: question.answered }),
          summary: top && top.count > 0 ? req.t('survey.results.summary', { option: label(top.code), percent: top.percent }) : req.t('survey.results.noAnswer'),
          chart: questionChart(chartBars(question, label), rightToLeft),
          rows: question.options.map((option) => ({ label: label(option.code), count: option.count, percent: option.percent })),
        };
      }),
    });
  }));

  router.get('/surveys/:surveyId/results.csv', signedIn, validated({ params: surveyParams, query: resultsQuery }, async ({ params: { surveyId }, query }, req, res) => {
    const results = await readSurveyResults(context, actorOf(req), surveyId, query.classId ?? null);
    const csv = resultsCsv(results, {
      headers: ['question', req.t('survey.csv.question'), 'option', req.t('survey.csv.option'), req.t('survey.csv.count'), req.t('survey.csv.answered'), req.t('survey.csv.percent')],
      question: (code) => req.t(`survey.questions.${code}.label`),
      option: (question, code) => req.t(`survey.questions.${question}.options.${code}`),
    });
    page(res).type('text/csv; charset=utf-8').attachment('resultats-questionnaire.csv').send(csv);
  }));

  return router;
}
