import { Router, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { AppError, notFound } from '../http/errors.js';
import { validated } from '../http/validated.js';
import { loadSkillsDashboard } from '../portfolio/skills-dashboard.js';
import { bookSlot } from './book-slot.js';
import { issueCalendarFeed, revokeCalendarFeed } from './calendar-feed.js';
import { viewCampaign } from './campaign-view.js';
import { cancelBooking } from './cancel-booking.js';
import { commentInput } from './inputs.js';
import { loadMeetingsHome } from './meetings-home.js';
import { commentOnMeeting, publishMeetingSummary, saveMeetingRecord } from './meeting-record.js';
import { viewMeeting } from './meeting-view.js';
import { openCampaign } from './open-campaign.js';
import { bookForm, companionsOf, instantOf, newCampaignForm, PLAN_LINES, recordForm, recordInputOf } from './page-forms.js';
import { bookingParams, campaignParams, originalQuery, pupilQuery, slotParams } from './params.js';

const classQuery = z.object({ classId: z.uuid().optional() });
const noStore = (res: Response) => res.set('Cache-Control', 'private, no-store');
const INTERPRETER_LANGUAGES = ['ar', 'en', 'es', 'pt', 'tr', 'ro', 'zh', 'ru', 'uk', 'ta', 'so', 'ff', 'wo', 'bm'];

/**
 * The meetings pages, phone first: the person's meetings and invitations, opening a round, a
 * round's slots (booking in two taps: the slot, then who comes along), and the meeting page.
 * Each calls the same door as the API.
 */
export function createMeetingsRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  router.get('/meetings', signedIn, validated({}, async (_input, req, res) => {
    const home = await loadMeetingsHome(context, actorOf(req));
    noStore(res).render('meetings/home', { title: req.t('meetings.home.title'), ...home, feedUrl: null });
  }));

  router.post('/meetings/calendar-feed', signedIn, validated({ body: z.object({ action: z.enum(['issue', 'revoke']) }) }, async ({ body }, req, res) => {
    const actor = actorOf(req);
    const feedUrl = body.action === 'issue' ? await issueCalendarFeed(context, actor) : (await revokeCalendarFeed(context, actor), null);
    const home = await loadMeetingsHome(context, actor);
    noStore(res).render('meetings/home', { title: req.t('meetings.home.title'), ...home, feedUrl, feedRevoked: body.action === 'revoke' });
  }));

  router.get('/meetings/campaigns/new', signedIn, validated({ query: classQuery }, async ({ query }, req, res) => {
    const classes = await queryRows(context.dataSource, rowReader({ id: column.text, name: column.text }),
      `SELECT id, name FROM school_class WHERE id IN (${[...actorOf(req).taughtClassIds, ''].map(() => '?').join(',')})`, [...actorOf(req).taughtClassIds, '']);
    if (classes.length === 0) throw notFound();
    noStore(res).render('meetings/new-campaign', { title: req.t('meetings.new.title'), classes, classId: query.classId ?? classes[0]!.id, placeKinds: ['inPerson', 'phone', 'video'] });
  }));

  router.post('/meetings/campaigns', signedIn, validated({ body: newCampaignForm }, async ({ body }, req, res) => {
    const [klass] = await queryRows(context.dataSource, rowReader({ schoolId: column.text, timezone: column.text }),
      'SELECT c.schoolId AS schoolId, s.timezone AS timezone FROM school_class c JOIN school s ON s.id = c.schoolId WHERE c.id = ?', [body.classId]);
    if (!klass) throw notFound();
    const first = instantOf(klass.timezone, body.day, body.firstTime);
    const opened = await openCampaign(context, actorOf(req), {
      schoolId: klass.schoolId,
      title: body.title,
      classId: body.classId,
      coHostIds: [],
      bookingOpensAt: instantOf(klass.timezone, body.opensAt.slice(0, 10), body.opensAt.slice(11)),
      bookingClosesAt: instantOf(klass.timezone, body.closesAt.slice(0, 10), body.closesAt.slice(11)),
      informationOnlyInvited: body.informationOnlyInvited,
      slots: Array.from({ length: body.count }, (_unused, index) => ({
        startsAt: new Date(first.getTime() + index * body.minutes * 60_000),
        minutes: body.minutes,
        placeKind: body.placeKind,
        placeDetail: body.placeDetail,
      })),
    });
    res.redirect(303, `${req.basePath}/meetings/campaigns/${opened.campaignId}`);
  }));

  router.get('/meetings/campaigns/:campaignId', signedIn, validated({ params: campaignParams, query: pupilQuery }, async ({ params, query }, req, res) => {
    const campaign = await viewCampaign(context, actorOf(req), params.campaignId, query.pupilId);
    noStore(res).render('meetings/campaign', { title: campaign.title, timezone: campaign.timezone, campaign, freeCount: campaign.slots.filter((slot) => slot.state === 'free').length });
  }));

  // First tap: the slot. The page asks who comes along; the second tap books.
  router.get('/meetings/slots/:slotId/book', signedIn, validated({ params: slotParams, query: z.object({ pupilId: z.uuid(), campaignId: z.uuid() }) }, async ({ params, query }, req, res) => {
    const campaign = await viewCampaign(context, actorOf(req), query.campaignId, query.pupilId);
    const slot = campaign.slots.find((one) => one.id === params.slotId && one.state === 'free');
    if (!slot) throw new AppError('MEETING_SLOT_UNAVAILABLE');
    noStore(res).render('meetings/book', { title: req.t('meetings.book.title'), timezone: campaign.timezone, campaign, slot, interpreterLanguages: INTERPRETER_LANGUAGES });
  }));

  router.post('/meetings/slots/:slotId/book', signedIn, validated({ params: slotParams, body: bookForm }, async ({ params, body }, req, res) => {
    const actor = actorOf(req);
    const outcome = await bookSlot(context, actor, params.slotId, { pupilId: body.pupilId, together: body.together, companions: companionsOf(body) });
    if (outcome.outcome === 'booked') {
      res.redirect(303, `${req.basePath}/meetings/${outcome.bookingId}?booked=1`);
      return;
    }
    const [slot] = await queryRows(context.dataSource, rowReader({ campaignId: column.text }), 'SELECT campaignId FROM meeting_slot WHERE id = ?', [params.slotId]);
    const campaign = await viewCampaign(context, actor, slot!.campaignId, body.pupilId);
    noStore(res).status(409).render('meetings/campaign', { title: campaign.title, timezone: campaign.timezone, campaign, taken: true, freeCount: campaign.slots.filter((one) => one.state === 'free').length });
  }));

  router.get('/meetings/:bookingId', signedIn, validated({ params: bookingParams, query: originalQuery }, async ({ params, query }, req, res) => {
    const actor = actorOf(req);
    const meeting = await viewMeeting(context, actor, params.bookingId, { readerLanguage: req.language, original: query.original === 'true' });
    const skills = meeting.hosts ? await loadSkillsDashboard(context.dataSource, actor, meeting.pupil.id, context.clock.now()) : null;
    noStore(res).render('meetings/meeting', {
      title: meeting.title,
      timezone: meeting.timezone,
      meeting,
      skills,
      booked: req.query.booked === '1',
      planLines: Array.from({ length: PLAN_LINES }, (_unused, index) => ({ index, action: meeting.actions[index] ?? null })),
      owners: ['school', 'family', 'child'],
      original: query.original === 'true',
    });
  }));

  router.post('/meetings/:bookingId/cancel', signedIn, validated({ params: bookingParams }, async ({ params }, req, res) => {
    await cancelBooking(context, actorOf(req), params.bookingId);
    res.redirect(303, `${req.basePath}/meetings`);
  }));

  router.post('/meetings/:bookingId/record', signedIn, validated({ params: bookingParams, body: recordForm }, async ({ params, body }, req, res) => {
    await saveMeetingRecord(context, actorOf(req), params.bookingId, recordInputOf(body as Record<string, string | undefined>));
    res.redirect(303, `${req.basePath}/meetings/${params.bookingId}`);
  }));

  router.post('/meetings/:bookingId/publish', signedIn, validated({ params: bookingParams }, async ({ params }, req, res) => {
    await publishMeetingSummary(context, actorOf(req), params.bookingId, undefined);
    res.redirect(303, `${req.basePath}/meetings/${params.bookingId}`);
  }));

  router.post('/meetings/:bookingId/comment', signedIn, validated({ params: bookingParams, body: commentInput.extend({ _csrf: z.string().optional() }).strip() }, async ({ params, body }, req, res) => {
    await commentOnMeeting(context, actorOf(req), params.bookingId, body.comment);
    res.redirect(303, `${req.basePath}/meetings/${params.bookingId}`);
  }));

  return router;
}
