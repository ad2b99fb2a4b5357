import { z } from 'zod';
import { SKILL_LEVELS } from '../model/entry-skill.js';
import { ENTRY_STATES } from '../model/portfolio-entry.js';
import { IMAGE_CONSENT_SCOPES } from '../model/roles.js';

/*
 * Response schemas of the portfolio's endpoints, for the OpenAPI document.
 */

const urls = z.strictObject({ thumbnail: z.string(), screen: z.string(), original: z.string(), download: z.string() });
const kind = z.enum(['photo', 'video', 'audio', 'document']);
const skillEvidence = z.strictObject({ skillId: z.uuid(), label: z.string(), domainLabel: z.string(), level: z.enum(SKILL_LEVELS) });

export const timelineResponse = z.strictObject({
  entries: z.array(
    z.strictObject({
      id: z.uuid(),
      audience: z.enum(['children', 'class']),
      momentKind: z.string().nullable(),
      title: z.string(),
      comment: z.string(),
      seenFrom: z.iso.datetime(),
      author: z.strictObject({ givenName: z.string(), familyName: z.string() }).nullable(),
      origin: z
        .strictObject({ schoolName: z.string(), authorName: z.string().nullable() })
        .nullable()
        .meta({ description: 'For an entry imported from another school: where and by whom it was published there (the author is the importer)' }),
      media: z.array(
        z.strictObject({ id: z.uuid(), kind, mimeType: z.string(), fileName: z.string(), width: z.number().nullable(), height: z.number().nullable(), hasScreen: z.boolean(), urls }),
      ),
      skills: z.array(skillEvidence),
      canRespond: z.boolean(),
    }),
  ),
  next: z.string().nullable().meta({ description: 'Pass as ?before= for the next page' }),
});

const dashboardSkill = skillEvidence.extend({
  evidence: z.array(z.strictObject({ entryId: z.uuid(), title: z.string(), level: z.enum(SKILL_LEVELS), at: z.iso.datetime() })),
});
export const skillsDashboardResponse = z.strictObject({ successes: z.array(dashboardSkill), workingOn: z.array(dashboardSkill), nextSteps: z.array(dashboardSkill) });

export const classPortfolioResponse = z.strictObject({
  classId: z.uuid(),
  featureEveryDays: z.number(),
  nextSlots: z.array(z.iso.datetime()),
  pupils: z.array(
    z.strictObject({
      id: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      imageConsent: z.enum(IMAGE_CONSENT_SCOPES),
      lastFeaturedAt: z.iso.datetime().nullable(),
      due: z.boolean(),
    }),
  ),
  entries: z.array(
    z.strictObject({
      id: z.uuid(),
      title: z.string(),
      audience: z.string(),
      state: z.enum(ENTRY_STATES),
      publishAt: z.iso.datetime().nullable(),
      createdAt: z.iso.datetime(),
      mediaCount: z.number(),
    }),
  ),
});

export const uploadResponse = z.strictObject({
  media: z.array(z.strictObject({ id: z.uuid(), kind, mimeType: z.string(), width: z.number().nullable(), height: z.number().nullable() })),
});

export const createdEntryResponse = z.strictObject({ id: z.uuid(), state: z.string() });

export const entryResponse = z.strictObject({
  id: z.uuid(),
  classId: z.uuid(),
  audience: z.enum(['children', 'class']),
  momentKind: z.string().nullable(),
  title: z.string(),
  comment: z.string(),
  state: z.enum(ENTRY_STATES).nullable().meta({ description: 'For the class’s teachers only' }),
  publishAt: z.iso.datetime().nullable(),
  media: z.array(z.strictObject({ id: z.uuid(), kind: z.string(), fileName: z.string(), width: z.number().nullable(), height: z.number().nullable(), hasScreen: z.boolean(), appearing: z.array(z.uuid()), urls })),
  skills: z.array(z.strictObject({ label: z.string(), domainLabel: z.string(), level: z.string() })),
  visibility: z
    .array(
      z.strictObject({
        mediumId: z.uuid(),
        position: z.number(),
        kind: z.string(),
        peopleReviewed: z.boolean(),
        appearing: z.array(z.string()),
        hiddenFrom: z.array(
          z.strictObject({
            childId: z.uuid(),
            childName: z.string(),
            blockedBy: z.array(z.strictObject({ pupilId: z.uuid(), name: z.string(), consent: z.enum(IMAGE_CONSENT_SCOPES) })),
          }),
        ),
      }),
    )
    .nullable()
    .meta({ description: 'For the class’s teachers: which families will not see each medium, and why' }),
  responses: z.array(
    z.strictObject({
      id: z.uuid(),
      reaction: z.string().nullable(),
      body: z.string().nullable(),
      status: z.string(),
      createdAt: z.iso.datetime(),
      authorId: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
    }),
  ),
});

export const skillsResponse = z.strictObject({
  skills: z.array(z.strictObject({ id: z.uuid(), cycle: z.number(), domainCode: z.string(), domainLabel: z.string(), label: z.string(), archived: z.boolean() })),
});
