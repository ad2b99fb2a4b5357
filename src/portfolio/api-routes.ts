import { z } from 'zod';
import type { ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { parseInput } from '../http/parse-input.js';
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

const pupilParams = z.object({ pupilId: z.uuid() });
const classParams = z.object({ classId: z.uuid() });
const entryParams = z.object({ entryId: z.uuid() });
const mediumParams = z.object({ mediumId: z.uuid() });
const schoolParams = z.object({ schoolId: z.uuid() });
const responseParams = z.object({ responseId: z.uuid() });
const skillParams = z.object({ skillId: z.uuid() });
const moderationInput = z.strictObject({ decision: z.enum(['approved', 'rejected']) });

/** The portfolio's endpoints of `/api/v1` (media bytes are served by `/media/:id/:rendition`). */
export function portfolioApiRoutes(context: ModuleContext): ApiRoute[] {
  const { dataSource, clock } = context;
  const now = () => clock.now();
  return [
    {
      method: 'get',
      path: '/children/:pupilId/timeline',
      summary: "A page of a child's portfolio timeline (20 entries), cut to the viewer's rights and image rights; `?before=` pages back",
      tag: 'portfolio',
      signedIn: true,
      params: pupilParams,
      response: timelineResponse,
      async handle(req, res) {
        const { pupilId } = parseInput(pupilParams, req.params);
        const { before } = parseInput(timelineCursorQuery, req.query);
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
    },
    {
      method: 'get',
      path: '/children/:pupilId/skills',
      summary: "A child's skills dashboard: successes, skills being worked on and next steps, each with its evidence",
      tag: 'portfolio',
      signedIn: true,
      params: pupilParams,
      response: skillsDashboardResponse,
      async handle(req, res) {
        const { pupilId } = parseInput(pupilParams, req.params);
        const { successes, workingOn, nextSteps } = await loadSkillsDashboard(dataSource, actorOf(req), pupilId, now());
        const present = (skills: typeof successes) => skills.map((skill) => ({ ...skill, evidence: skill.evidence.map((item) => ({ ...item, at: item.at.toISOString() })) }));
        res.json({ successes: present(successes), workingOn: present(workingOn), nextSteps: present(nextSteps) });
      },
    },
    {
      method: 'get',
      path: '/classes/:classId/portfolio',
      summary: "A class's portfolio for its teachers: entries in every state, next publication slots, children not featured lately",
      tag: 'portfolio',
      signedIn: true,
      params: classParams,
      response: classPortfolioResponse,
      async handle(req, res) {
        const { classId } = parseInput(classParams, req.params);
        const portfolio = await loadClassPortfolio(dataSource, actorOf(req), classId, now());
        res.json({
          classId: portfolio.classId,
          featureEveryDays: portfolio.featureEveryDays,
          nextSlots: portfolio.nextSlots.map((slot) => slot.toISOString()),
          pupils: portfolio.pupils.map((pupil) => ({ ...pupil, lastFeaturedAt: pupil.lastFeaturedAt?.toISOString() ?? null })),
          entries: portfolio.entries.map((entry) => ({ ...entry, publishAt: entry.publishAt?.toISOString() ?? null, createdAt: entry.createdAt.toISOString() })),
        });
      },
    },
    {
      method: 'post',
      path: '/classes/:classId/media',
      summary: 'Upload media for a new entry (multipart/form-data, files in any field); each is checked from its bytes, photos re-encoded without EXIF/GPS',
      tag: 'portfolio',
      signedIn: true,
      params: classParams,
      multipart: true,
      response: uploadResponse,
      async handle(req, res) {
        const { classId } = parseInput(classParams, req.params);
        const upload = await receiveClassUpload(context, actorOf(req), classId, req, now());
        res.status(201).json({ media: upload.media.map((medium) => ({ id: medium.id, kind: medium.kind, mimeType: medium.mimeType, width: medium.width, height: medium.height })) });
      },
    },
    {
      method: 'post',
      path: '/classes/:classId/entries',
      summary: 'Create an entry (a draft for a teacher, waiting for approval for a pupil) from uploaded media, children, skills and a comment',
      tag: 'portfolio',
      signedIn: true,
      params: classParams,
      body: newEntryInput,
      response: createdEntryResponse,
      async handle(req, res) {
        const { classId } = parseInput(classParams, req.params);
        const entry = await createEntry(dataSource, actorOf(req), classId, parseInput(newEntryInput, req.body), now());
        res.status(201).json({ id: entry.id, state: entry.state });
      },
    },
    {
      method: 'get',
      path: '/entries/:entryId',
      summary: 'One entry; for its teachers, who appears in each medium and which families will not see it, and why',
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      response: entryResponse,
      async handle(req, res) {
        const { entryId } = parseInput(entryParams, req.params);
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
    },
    {
      method: 'post',
      path: '/entries/:entryId/schedule',
      summary: "Send an entry out at the school's next publication slot, at a given time, or now",
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      body: scheduleInput,
      response: createdEntryResponse,
      async handle(req, res) {
        const { entryId } = parseInput(entryParams, req.params);
        const entry = await scheduleEntry(dataSource, actorOf(req), entryId, parseInput(scheduleInput, req.body ?? {}), now());
        res.json({ id: entry.id, state: entry.state });
      },
    },
    {
      method: 'post',
      path: '/entries/:entryId/withdraw',
      summary: 'Withdraw a published entry from every timeline at once',
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      async handle(req, res) {
        const { entryId } = parseInput(entryParams, req.params);
        await withdrawEntry(dataSource, actorOf(req), entryId, now());
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/entries/:entryId/draft',
      summary: "Bring an entry back to draft (also: accept a pupil's contribution)",
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      async handle(req, res) {
        const { entryId } = parseInput(entryParams, req.params);
        await returnToDraft(dataSource, actorOf(req), entryId, now());
        res.status(204).end();
      },
    },
    {
      method: 'put',
      path: '/media/:mediumId/tags',
      summary: 'Say who appears in a medium (possibly nobody); their image rights decide which families see it',
      tag: 'portfolio',
      signedIn: true,
      params: mediumParams,
      body: tagsInput,
      async handle(req, res) {
        const { mediumId } = parseInput(mediumParams, req.params);
        await setMediumTags(dataSource, actorOf(req), mediumId, parseInput(tagsInput, req.body).pupilIds, now());
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/entries/:entryId/responses',
      summary: "A family's comment (approved by the teacher when the school asks) or quick reaction",
      tag: 'portfolio',
      signedIn: true,
      params: entryParams,
      body: responseInput,
      response: createdEntryResponse,
      async handle(req, res) {
        const { entryId } = parseInput(entryParams, req.params);
        const response = await respondToEntry(dataSource, actorOf(req), entryId, parseInput(responseInput, req.body), now());
        res.status(201).json({ id: response.id, state: response.status });
      },
    },
    {
      method: 'post',
      path: '/responses/:responseId/moderation',
      summary: "Approve or reject a family's comment",
      tag: 'portfolio',
      signedIn: true,
      params: responseParams,
      body: moderationInput,
      async handle(req, res) {
        const { responseId } = parseInput(responseParams, req.params);
        await moderateResponse(dataSource, actorOf(req), responseId, parseInput(moderationInput, req.body).decision, now());
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/schools/:schoolId/skills',
      summary: "The school's skills framework (cycle 1 learning domains, LSU domains of cycles 2 and 3, and the school's own)",
      tag: 'portfolio',
      signedIn: true,
      params: schoolParams,
      response: skillsResponse,
      async handle(req, res) {
        const { schoolId } = parseInput(schoolParams, req.params);
        res.json({ skills: await listSchoolSkills(dataSource, actorOf(req), schoolId) });
      },
    },
    {
      method: 'post',
      path: '/schools/:schoolId/skills',
      summary: "Add a skill to the school's framework (a new domain when the domain code is new)",
      tag: 'portfolio',
      signedIn: true,
      params: schoolParams,
      body: newSkillInput,
      response: skillsResponse.shape.skills.element,
      async handle(req, res) {
        const { schoolId } = parseInput(schoolParams, req.params);
        res.status(201).json(await addSkill(dataSource, actorOf(req), schoolId, parseInput(newSkillInput, req.body)));
      },
    },
    {
      method: 'put',
      path: '/skills/:skillId',
      summary: 'Rename, archive or restore a skill; its evidence is kept',
      tag: 'portfolio',
      signedIn: true,
      params: skillParams,
      body: skillChangesInput,
      async handle(req, res) {
        const { skillId } = parseInput(skillParams, req.params);
        await updateSkill(dataSource, actorOf(req), skillId, parseInput(skillChangesInput, req.body), now());
        res.status(204).end();
      },
    },
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
