import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { classParams, entryParams, mediumParams, pupilParams, responseParams, schoolParams, skillParams } from '../http/route-params.js';
import { addSkill, listSchoolSkills, updateSkill } from '../skills/school-skills.js';
import { newSkillInput, skillChangesInput } from '../skills/skill-inputs.js';
import { loadClassPortfolio } from './class-portfolio.js';
import { createEntry } from './create-entry.js';
import { newEntryInput, scheduleInput, tagsInput } from './entry-inputs.js';
import { loadEntryPage } from './entry-page.js';
import { returnToDraft, withdrawEntry } from './entry-transitions.js';
import { moderateResponse, respondToEntry, responseInput } from './responses.js';
import { scheduleEntry } from './schedule-entry.js';
import { loadSkillsDashboard } from './skills-dashboard.js';
import { setMediumTags } from './tag-medium.js';
import { timelineCursorQuery } from './timeline-cursor.js';
import { viewTimeline } from './view-timeline.js';
import { accountViewer } from './account-viewer.js';
import { receiveClassUpload } from './upload-media.js';
import {
  classPortfolioResponse,
  createdEntryResponse,
  entryResponse,
  skillsDashboardResponse,
  skillsResponse,
  timelineResponse,
  uploadResponse,
} from './api-schemas.js';

const moderationInput = z.strictObject({ decision: z.enum(['approved', 'rejected']) });

/** The portfolio's endpoints of `/api/v1` (media bytes are served by `/media/:id/:rendition`). */
export function portfolioApiRoutes(context: ModuleContext): ApiRoute[] {
  const { dataSource, clock } = context;
  const now = () => clock.now();
  return [
    defineRoute({
      method: 'get',
      path: '/children/:pupilId/timeline',
      summary: "A page of a child's portfolio timeline (20 entries), cut to the viewer's rights and image rights; `?before=` pages back",
      tag: 'portfolio',
      signedIn: true,
      params: pupilParams,
      query: timelineCursorQuery,
      response: timelineResponse,
      async handle({ params: { pupilId }, query: { before } }, req, res) {
        const page = await viewTimeline(context, accountViewer(req), pupilId, before);
        res.json({
          entries: page.entries.map((entry) => ({
            ...entry,
            seenFrom: entry.seenFrom.toISOString(),
            author: entry.author ?? null,
            origin: entry.origin ?? null,
            media: entry.media.map((medium) => ({ ...medium, urls: mediumUrls(req.basePath, medium.id) })),
          })),
          next: page.next ?? null,
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/children/:pupilId/skills',
      summary: "A child's skills dashboard: successes, skills being worked on and next steps, each with its evidence",
      tag: 'portfolio',
      signedIn: true,
      params: pupilParams,
      response: skillsDashboardResponse,
      async handle({ params: { pupilId } }, req, res) {
        const { successes, workingOn, nextSteps } = await loadSkillsDashboard(dataSource, actorOf(req), pupilId, now());
        const present = (skills: typeof successes) => skills.map((skill) => ({ ...skill, evidence: skill.evidence.map((item) => ({ ...item, at: item.at.toISOString() })) }));
        res.json({ successes: present(successes), workingOn: present(workingOn), nextSteps: present(nextSteps) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/classes/:classId/portfolio',
      summary: "A class's portfolio for its teachers: entries in every state, next publication slots, children not featured lately",
      tag: 'portfolio',
      signedIn: true,
      params: classParams,
      response: classPortfolioResponse,
      async handle({ params: { classId } }, req, res) {
        const portfolio = await loadClassPortfolio(dataSource, actorOf(req), classId, now());
        res.json({
          classId: portfolio.classId,
          featureEveryDays: portfolio.featureEveryDays,
          nextSlots: portfolio.nextSlots.map((slot) => slot.toISOString()),
          pupils: portfolio.pupils.map((pupil) => ({ ...pupil, lastFeaturedAt: pupil.lastFeaturedAt?.toISOString() ?? null })),
          entries: portfolio.entries.map((entry) => ({ ...entry, publishAt: entry.publishAt?.toISOString() ?? null, createdAt: entry.createdAt.toISOString() })),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/classes/:classId/media',
      summary: 'Upload media for a new entry (multipart/form-data, files in any field); each is checked from its bytes, photos re-encoded without EXIF/GPS',
      tag: 'portfolio',
      signedIn: true,
      params: classParams,
      multipart: true,
      response: uploadResponse,
      async handle({ params: { classId } }, req, res) {
        const upload = await receiveClassUpload(context, actorOf(req), classId, req, now());
        res.status(201).json({ media: upload.media.map((medium) => ({ id: medium.id, kind: medium.kind, mimeType: medium.mimeType, width: medium.width, height: medium.height })) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/classes/:classId/entries',
      summary: 'Create an entry (a draft for a teacher, waiting for approval for a pupil) from uploaded media, children, skills and a comment',
      tag: 'portfolio',
      signedIn: true,
      params: classParams,
      body: newEntryInput,
      response: createdEntryResponse,
      async handle({ params: { classId }, body }, req, res) {
        const entry = await createEntry(dataSource, actorOf(req), classId, body, now());
        res.status(201).json({ id: entry.id, state: entry.state });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/entries/:entryId',
      summary: 'One entry; for its teachers, who appears in each medium and which families will not see it, and why',
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      response: entryResponse,
      async handle({ params: { entryId } }, req, res) {
        const page = await loadEntryPage(dataSource, actorOf(req), entryId, now());
        res.json({
          id: page.entry.id,
          classId: page.entry.classId,
          audience: page.entry.audience,
          momentKind: page.entry.momentKind,
          title: page.entry.title,
          comment: page.entry.comment,
          state: page.canPublish ? page.entry.state : null,
          publishAt: page.entry.publishAt?.toISOString() ?? null,
          media: page.media.map((medium) => ({ ...medium, urls: mediumUrls(req.basePath, medium.id) })),
          skills: page.skills,
          visibility: page.preview?.media ?? null,
          responses: page.responses.map((response) => ({ ...response, createdAt: new Date(String(response.createdAt)).toISOString() })),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/entries/:entryId/schedule',
      summary: "Send an entry out at the school's next publication slot, at a given time, or now",
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      // No body at all means the next publication slot.
      body: scheduleInput.prefault({}),
      response: createdEntryResponse,
      async handle({ params: { entryId }, body }, req, res) {
        const entry = await scheduleEntry(dataSource, actorOf(req), entryId, body, now());
        res.json({ id: entry.id, state: entry.state });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/entries/:entryId/withdraw',
      summary: 'Withdraw a published entry from every timeline at once',
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      async handle({ params: { entryId } }, req, res) {
        await withdrawEntry(dataSource, actorOf(req), entryId, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/entries/:entryId/draft',
      summary: "Bring an entry back to draft (also: accept a pupil's contribution)",
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      async handle({ params: { entryId } }, req, res) {
        await returnToDraft(dataSource, actorOf(req), entryId, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'put',
      path: '/media/:mediumId/tags',
      summary: 'Say who appears in a medium (possibly nobody); their image rights decide which families see it',
      tag: 'portfolio',
      signedIn: true,
      params: mediumParams,
      body: tagsInput,
      async handle({ params: { mediumId }, body }, req, res) {
        await setMediumTags(dataSource, actorOf(req), mediumId, body.pupilIds, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/entries/:entryId/responses',
      summary: "A family's comment (approved by the teacher when the school asks) or quick reaction",
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      body: responseInput,
      response: createdEntryResponse,
      async handle({ params: { entryId }, body }, req, res) {
        const response = await respondToEntry(dataSource, actorOf(req), entryId, body, now());
        res.status(201).json({ id: response.id, state: response.status });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/responses/:responseId/moderation',
      summary: "Approve or reject a family's comment",
      tag: 'portfolio',
      signedIn: true,
      params: responseParams,
      body: moderationInput,
      async handle({ params: { responseId }, body }, req, res) {
        await moderateResponse(dataSource, actorOf(req), responseId, body.decision, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/schools/:schoolId/skills',
      summary: "The school's skills framework (cycle 1 learning domains, LSU domains of cycles 2 and 3, and the school's own)",
      tag: 'portfolio',
      signedIn: true,
      params: schoolParams,
      response: skillsResponse,
      async handle({ params: { schoolId } }, req, res) {
        res.json({ skills: await listSchoolSkills(dataSource, actorOf(req), schoolId) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/schools/:schoolId/skills',
      summary: "Add a skill to the school's framework (a new domain when the domain code is new)",
      tag: 'portfolio',
      signedIn: true,
      params: schoolParams,
      body: newSkillInput,
      response: skillsResponse.shape.skills.element,
      async handle({ params: { schoolId }, body }, req, res) {
        res.status(201).json(await addSkill(dataSource, actorOf(req), schoolId, body));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/skills/:skillId',
      summary: 'Rename, archive or restore a skill; its evidence is kept',
      tag: 'portfolio',
      signedIn: true,
      params: skillParams,
      body: skillChangesInput,
      async handle({ params: { skillId }, body }, req, res) {
        await updateSkill(dataSource, actorOf(req), skillId, body, now());
        res.status(204).end();
      },
    }),
  ];
}

function mediumUrls(base: string, mediumId: string) {
  return {
    thumbnail: `${base}/media/${mediumId}/thumbnail`,
    screen: `${base}/media/${mediumId}/screen`,
    original: `${base}/media/${mediumId}/original`,
    download: `${base}/media/${mediumId}/original?download=1`,
  };
}
