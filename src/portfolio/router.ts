import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { parseInput } from '../http/parse-input.js';
import { classParams, downloadQuery, entryParams, mediumParams, mediumRenditionParams, pupilParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { REACTIONS } from '../model/entry-response.js';
import { SKILL_LEVELS } from '../model/entry-skill.js';
import { MOMENT_KINDS } from '../model/portfolio-entry.js';
import { listSchoolSkills } from '../skills/school-skills.js';
import { loadClassPortfolio } from './class-portfolio.js';
import { createEntry } from './create-entry.js';
import { newEntryInput, scheduleInput } from './entry-inputs.js';
import { loadEntryPage } from './entry-page.js';
import { returnToDraft, withdrawEntry } from './entry-transitions.js';
import { entryInputFromForm, fieldValue, fieldValues } from './form-fields.js';
import { moderateResponse, respondToEntry, responseInput } from './responses.js';
import { scheduleEntry } from './schedule-entry.js';
import { serveMedium } from './serve-medium.js';
import { loadSkillsDashboard } from './skills-dashboard.js';
import { setMediumTags } from './tag-medium.js';
import { timelineCursorQuery } from './timeline-cursor.js';
import { timelineLabels } from './timeline-labels.js';
import { viewTimeline } from './view-timeline.js';
import { accountViewer } from './account-viewer.js';
import { discardUpload, receiveClassUpload } from './upload-media.js';
import { pageReaderTexts, translationLinks } from '../translate/page-reader-texts.js';
import { pageTranslation, translateDashboardGroup, translateEntries, translateEntry } from './translate-entries.js';
import { translateResponses } from './translate-responses.js';

const responseParams = z.object({ responseId: z.uuid(), decision: z.enum(['approve', 'reject']) });
/** `?original=1`: the words as written rather than translated into the reader's language. */
const originalQuery = z.object({ original: z.string().optional() });
/** The page's query: a cursor, and what an import just did (shown once, after its redirect). */
const timelineQuery = timelineCursorQuery.extend({
  original: originalQuery.shape.original,
  imported: z.coerce.number().int().min(0).optional(),
  alreadyThere: z.coerce.number().int().min(0).optional(),
});
/** `?pupilId=` on the import page: the child already chosen (one not of the class is simply not chosen). */
const importChoiceQuery = z.object({ pupilId: z.string().optional() });

/**
 * Portfolio pages: a child's timeline and skills (families, the child, teachers), the class's
 * portfolio and the phone form for teachers, an entry's page, and media behind the policy.
 */
export function createPortfolioRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);
  const { dataSource, clock } = context;
  const noStore = (res: Response) => res.set('Cache-Control', 'private, no-store');

  router.get('/children/:pupilId/portfolio', signedIn, validated({ params: pupilParams, query: timelineQuery }, async ({ params: { pupilId }, query: { before, original, imported, alreadyThere } }, req, res) => {
    const page = await viewTimeline(context, accountViewer(req), pupilId, before);
    const texts = await pageReaderTexts(context, req, original === '1');
    const entries = await translateEntries(texts, page.entries);
    texts.done();
    noStore(res).render('portfolio/timeline', {
      ...translationLinks(req),
      showOriginal: texts.showOriginal,
      title: req.t('portfolio.timeline.title', { name: page.pupil.givenName }),
      timezone: page.pupil.timezone,
      pupil: page.pupil,
      entries,
      next: page.next,
      labels: timelineLabels(req.t),
      importNotice: imported === undefined ? undefined : { imported, alreadyThere: alreadyThere ?? 0 },
      // The child's own view has no sharing tab: codes and history are for the adults.
      showSharing: actorOf(req).personId !== page.pupil.id,
    });
  }));

  router.get('/children/:pupilId/skills', signedIn, validated({ params: pupilParams, query: originalQuery }, async ({ params: { pupilId }, query }, req, res) => {
    const dashboard = await loadSkillsDashboard(dataSource, actorOf(req), pupilId, clock.now());
    const texts = await pageReaderTexts(context, req, query.original === '1');
    const [successes, workingOn, nextSteps] = await Promise.all([dashboard.successes, dashboard.workingOn, dashboard.nextSteps].map((group) => translateDashboardGroup(texts, group)));
    texts.done();
    noStore(res).render('portfolio/skills', {
      title: req.t('portfolio.skills.title', { name: dashboard.pupil.givenName }),
      timezone: dashboard.pupil.timezone,
      ...dashboard,
      successes,
      workingOn,
      nextSteps,
      ...translationLinks(req),
      showOriginal: texts.showOriginal,
      translation: pageTranslation(texts),
    });
  }));

  router.get('/media/:mediumId/:rendition', signedIn, validated({ params: mediumRenditionParams, query: downloadQuery }, async ({ params: { mediumId, rendition }, query }, req, res) => {
    await serveMedium(context, actorOf(req), mediumId, rendition, query.download === '1', req, res);
  }));

  router.get('/classes/:classId/portfolio', signedIn, validated({ params: classParams }, async ({ params: { classId } }, req, res) => {
    const actor = actorOf(req);
    const portfolio = await loadClassPortfolio(dataSource, actor, classId, clock.now());
    const skills = await listSchoolSkills(dataSource, actor, portfolio.schoolId).catch(() => []);
    noStore(res).render('portfolio/class', {
      title: req.t('portfolio.class.title', { name: portfolio.className }),
      ...portfolio,
      skills,
      levels: SKILL_LEVELS,
      momentKinds: MOMENT_KINDS,
      created: req.query.created === '1',
    });
  }));

  // Bringing in a child's portfolio from another school: choose the child, then the ZIP.
  router.get('/classes/:classId/portfolio/import', signedIn, validated({ params: classParams, query: importChoiceQuery }, async ({ params: { classId }, query: { pupilId } }, req, res) => {
    const portfolio = await loadClassPortfolio(dataSource, actorOf(req), classId, clock.now());
    const chosen = pupilId === undefined ? undefined : portfolio.pupils.find((pupil) => pupil.id === pupilId);
    noStore(res).render('portfolio/import', { title: req.t('portfolio.import.heading'), classId, className: portfolio.className, pupils: portfolio.pupils, pupil: chosen });
  }));

  // The phone form: files, children, who appears, skills, comment, and what to do with it, in one post.
  router.post('/classes/:classId/portfolio/entries', signedIn, validated({ params: classParams }, async ({ params: { classId } }, req, res) => {
    const actor = actorOf(req);
    const now = clock.now();
    const upload = await receiveClassUpload(context, actor, classId, req, now);
    let entryId: string;
    try {
      const input = parseInput(newEntryInput, entryInputFromForm(upload.fields, upload.media.map((medium) => medium.id)));
      entryId = (await createEntry(dataSource, actor, classId, input, now)).id;
    } catch (error) {
      await discardUpload(context, upload.media);
      throw error;
    }
    const when = fieldValue(upload.fields, 'when');
    if (when === 'nextSlot' || when === 'now') await scheduleEntry(dataSource, actor, entryId, { when }, now);
    res.redirect(303, `${req.basePath}/portfolio/entries/${entryId}`);
  }));

  router.get('/portfolio/entries/:entryId', signedIn, validated({ params: entryParams, query: originalQuery }, async ({ params: { entryId }, query }, req, res) => {
    const page = await loadEntryPage(dataSource, actorOf(req), entryId, clock.now());
    const texts = await pageReaderTexts(context, req, query.original === '1');
    const [entry, responses] = await Promise.all([translateEntry(texts, { ...page.entry, skills: page.skills }), translateResponses(texts, page.responses)]);
    texts.done();
    noStore(res).render('portfolio/entry', {
      title: entry.title || req.t('portfolio.entry.untitled'),
      ...page,
      entry,
      skills: entry.skills,
      responses,
      reactions: REACTIONS,
      ...translationLinks(req),
      showOriginal: texts.showOriginal,
    });
  }));

  const backToEntry = (req: Request, entryId: string) => `${req.basePath}/portfolio/entries/${entryId}`;

  router.post('/portfolio/entries/:entryId/schedule', signedIn, validated({ params: entryParams }, async ({ params: { entryId } }, req, res) => {
    const input = parseInput(scheduleInput, { when: fieldValue(req.body as Record<string, unknown>, 'when') ?? 'nextSlot', at: fieldValue(req.body as Record<string, unknown>, 'at') });
    await scheduleEntry(dataSource, actorOf(req), entryId, input, clock.now());
    res.redirect(303, backToEntry(req, entryId));
  }));

  router.post('/portfolio/entries/:entryId/withdraw', signedIn, validated({ params: entryParams }, async ({ params: { entryId } }, req, res) => {
    await withdrawEntry(dataSource, actorOf(req), entryId, clock.now());
    res.redirect(303, backToEntry(req, entryId));
  }));

  router.post('/portfolio/entries/:entryId/draft', signedIn, validated({ params: entryParams }, async ({ params: { entryId } }, req, res) => {
    await returnToDraft(dataSource, actorOf(req), entryId, clock.now());
    res.redirect(303, backToEntry(req, entryId));
  }));

  router.post('/portfolio/entries/:entryId/responses', signedIn, validated({ params: entryParams }, async ({ params: { entryId } }, req, res) => {
    const body = req.body as Record<string, unknown>;
    const reaction = fieldValue(body, 'reaction');
    const input = parseInput(responseInput, reaction ? { reaction } : { body: fieldValue(body, 'body') ?? '' });
    await respondToEntry(dataSource, actorOf(req), entryId, input, clock.now());
    res.redirect(303, `${backToEntry(req, entryId)}#responses`);
  }));

  router.post('/portfolio/responses/:responseId/:decision', signedIn, validated({ params: responseParams }, async ({ params: { responseId, decision } }, req, res) => {
    await moderateResponse(dataSource, actorOf(req), responseId, decision === 'approve' ? 'approved' : 'rejected', clock.now());
    const entryId = fieldValue(req.body as Record<string, unknown>, 'entryId');
    if (!entryId || !z.uuid().safeParse(entryId).success) throw new AppError('BAD_REQUEST');
    res.redirect(303, `${backToEntry(req, entryId)}#responses`);
  }));

  router.post('/portfolio/media/:mediumId/tags', signedIn, validated({ params: mediumParams }, async ({ params: { mediumId } }, req, res) => {
    const body = req.body as Record<string, unknown>;
    const pupilIds = parseInput(z.array(z.uuid()).max(60), fieldValues(body, 'appearing'));
    await setMediumTags(dataSource, actorOf(req), mediumId, pupilIds, clock.now());
    const entryId = fieldValue(body, 'entryId');
    if (!entryId || !z.uuid().safeParse(entryId).success) throw new AppError('BAD_REQUEST');
    res.redirect(303, `${backToEntry(req, entryId)}#medium-${mediumId}`);
  }));

  return router;
}
