import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { schoolParams } from '../http/route-params.js';
import { bookedResponse, campaignResponse, feedResponse, invitedResponse, meetingResponse, openedResponse, participationResponse } from './api-schemas.js';
import { bookSlot } from './book-slot.js';
import { bookingCalendarFile } from './booking-calendar.js';
import { issueCalendarFeed, revokeCalendarFeed } from './calendar-feed.js';
import { viewCampaign } from './campaign-view.js';
import { cancelBooking } from './cancel-booking.js';
import { bookingInput, campaignInput, commentInput, moveInput, recordInput, slotsInput } from './inputs.js';
import { inviteFamilies } from './invite-families.js';
import { addSlots } from './add-slots.js';
import { openCampaign } from './open-campaign.js';
import { commentOnMeeting, publishMeetingSummary, saveMeetingRecord } from './meeting-record.js';
import { viewMeeting } from './meeting-view.js';
import { moveBooking } from './move-booking.js';
import { bookingParams, campaignParams, originalQuery, pupilQuery, slotParams } from './params.js';
import { readParticipation } from './participation.js';
import { publishInput } from './publish-input.js';
import { takenAnswer } from './taken-answer.js';

/** The meetings endpoints of `/api/v1`. */
export function meetingsApiRoutes(context: ModuleContext): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/meeting-campaigns',
      summary: 'Open a round of meetings (a class or chosen families; one family for a single meeting) with its slots, and invite the families',
      tag: 'meetings',
      signedIn: true,
      body: campaignInput,
      response: openedResponse,
      async handle({ body }, req, res) {
        res.status(201).json(await openCampaign(context, actorOf(req), body));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/meeting-campaigns/:campaignId',
      summary: "A round's slots: for its hosts with who booked and who comes with them; for a guardian (`?pupilId=`) which are free and which is theirs",
      tag: 'meetings',
      signedIn: true,
      params: campaignParams,
      query: pupilQuery,
      response: campaignResponse,
      async handle({ params, query }, req, res) {
        res.json(await viewCampaign(context, actorOf(req), params.campaignId, query.pupilId));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/meeting-campaigns/:campaignId/slots',
      summary: 'Add slots to a round (hosts); each checked: not in the past, no overlap with a host’s other slots, https video links',
      tag: 'meetings',
      signedIn: true,
      params: campaignParams,
      body: slotsInput,
      async handle({ params, body }, req, res) {
        await addSlots(context, actorOf(req), params.campaignId, body.slots);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/meeting-campaigns/:campaignId/invitations',
      summary: 'Invite the families not invited yet (children who joined the class since)',
      tag: 'meetings',
      signedIn: true,
      params: campaignParams,
      response: invitedResponse,
      async handle({ params }, req, res) {
        res.json({ invited: await inviteFamilies(context, actorOf(req), params.campaignId, null) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/meeting-slots/:slotId/bookings',
      summary: 'Book a slot for a child (guardian), alone or together, with who comes along; a slot taken meanwhile answers 409 MEETING_SLOT_TAKEN with `freeSlots`',
      tag: 'meetings',
      signedIn: true,
      params: slotParams,
      body: bookingInput,
      response: bookedResponse,
      async handle({ params, body }, req, res) {
        const outcome = await bookSlot(context, actorOf(req), params.slotId, body);
        if (outcome.outcome === 'taken') {
          res.status(409).json(takenAnswer(req.t, outcome.freeSlots));
          return;
        }
        res.status(201).json({ bookingId: outcome.bookingId });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/meetings/:bookingId',
      summary: 'A meeting: time, place, companions; the shared notes, summary and plan (translated unless `?original=true`); private notes for hosts only',
      tag: 'meetings',
      signedIn: true,
      params: bookingParams,
      query: originalQuery,
      response: meetingResponse,
      async handle({ params, query }, req, res) {
        res.json(await viewMeeting(context, actorOf(req), params.bookingId, { readerLanguage: req.language, original: query.original === 'true' }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/meetings/:bookingId/cancel',
      summary: 'Cancel a meeting: the family until the round’s deadline, the hosts until it begins; everyone concerned is told',
      tag: 'meetings',
      signedIn: true,
      params: bookingParams,
      async handle({ params }, req, res) {
        await cancelBooking(context, actorOf(req), params.bookingId);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/meetings/:bookingId/move',
      summary: 'Move a meeting to another free slot of its round (hosts); the family is told',
      tag: 'meetings',
      signedIn: true,
      params: bookingParams,
      body: moveInput,
      async handle({ params, body }, req, res) {
        await moveBooking(context, actorOf(req), params.bookingId, body.slotId);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'put',
      path: '/meetings/:bookingId/record',
      summary: 'Write the shared notes, private notes, summary and action plan (hosts)',
      tag: 'meetings',
      signedIn: true,
      params: bookingParams,
      body: recordInput,
      async handle({ params, body }, req, res) {
        await saveMeetingRecord(context, actorOf(req), params.bookingId, body);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/meetings/:bookingId/publish',
      summary: 'Publish the summary and plan to the guardians who may see it (hosts); `to` names guardians to tell, none kept away',
      tag: 'meetings',
      signedIn: true,
      params: bookingParams,
      body: publishInput,
      async handle({ params, body }, req, res) {
        await publishMeetingSummary(context, actorOf(req), params.bookingId, body.to);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/meetings/:bookingId/comment',
      summary: "The family's comment on the published summary",
      tag: 'meetings',
      signedIn: true,
      params: bookingParams,
      body: commentInput,
      async handle({ params, body }, req, res) {
        await commentOnMeeting(context, actorOf(req), params.bookingId, body.comment);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/meetings/:bookingId/calendar.ics',
      summary: 'The meeting as an iCalendar file (RFC 5545): METHOD:REQUEST, or CANCEL once cancelled',
      tag: 'meetings',
      signedIn: true,
      params: bookingParams,
      download: 'text/calendar',
      async handle({ params }, req, res) {
        const file = await bookingCalendarFile(context, actorOf(req), params.bookingId, req.t);
        res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': 'attachment; filename="meeting.ics"', 'Cache-Control': 'private, no-store' }).send(file);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/calendar-feed',
      summary: 'A new private calendar feed address for the signed-in person (the one before stops working)',
      tag: 'meetings',
      signedIn: true,
      response: feedResponse,
      async handle(_input, req, res) {
        res.json({ url: await issueCalendarFeed(context, actorOf(req)) });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/me/calendar-feed',
      summary: "Revoke the signed-in person's calendar feed",
      tag: 'meetings',
      signedIn: true,
      async handle(_input, req, res) {
        await revokeCalendarFeed(context, actorOf(req));
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/meeting-participation',
      summary: "Families invited, booked, met, cancelled and never reached, per round and class (director)",
      tag: 'meetings',
      signedIn: true,
      params: schoolParams,
      response: participationResponse,
      async handle({ params }, req, res) {
        res.json({ lines: await readParticipation(context, actorOf(req), params.schoolId) });
      },
    }),
  ];
}
