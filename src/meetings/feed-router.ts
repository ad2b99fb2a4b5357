import { Router } from 'express';
import { appRoute } from '../api/api-route.js';
import type { ModuleContext } from '../context.js';
import { validated } from '../http/validated.js';
import { readCalendarFeed } from './calendar-feed.js';
import { feedParams } from './params.js';

/** `GET /calendar-feeds/:token.ics`: what phone calendars subscribe to, without a session (the token is the key). */
export const calendarFeedRoute = appRoute({
  method: 'get',
  path: '/calendar-feeds/:token.ics',
  summary: "A person's meetings as an iCalendar feed, at the private address they were given; a guessed or revoked address answers 404 MEETING_FEED_INVALID",
  tag: 'meetings',
  signedIn: false,
  params: feedParams,
  download: 'text/calendar',
});

/** The calendar feed, mounted before the signed-in pages: calendar apps carry no cookie. */
export function createCalendarFeedRouter(context: ModuleContext): Router {
  const router = Router();
  router.get(calendarFeedRoute.path, validated(calendarFeedRoute, async ({ params }, _req, res) => {
    const feed = await readCalendarFeed(context, params.token);
    res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store' }).send(feed);
  }));
  return router;
}
