import { z } from 'zod';
import { REACH_ACTIONS } from '../model/reach-action.js';
import { REACH_REASONS } from './families-to-reach.js';
import { ENGAGEMENT_PERIODS } from './period.js';

/*
 * Response schemas of the engagement endpoints, for the OpenAPI document. Every count and rate
 * is given as the page shows it: the small-group rule is applied before anything leaves.
 */

const shownCount = z
  .union([z.strictObject({ value: z.number().int() }), z.strictObject({ fewerThan: z.number().int() })])
  .meta({ description: 'A count, or `fewerThan: 5` for 1 to 4 (a small group is never counted exactly)' });
const shownRate = z
  .union([z.strictObject({ percent: z.number().int() }), z.strictObject({ tooFew: z.literal(true) })])
  .meta({ description: 'A whole percentage, or `tooFew` when fewer than 5 families stand behind it' });
const shownDelay = z
  .union([z.strictObject({ withinSeconds: z.number().int().nullable() }), z.strictObject({ tooFew: z.literal(true) }), z.strictObject({ none: z.literal(true) })])
  .meta({ description: 'Read within this many seconds (the upper bound of its bucket; null: after more than a week)' });

const figures = z.strictObject({
  families: shownCount,
  familiesReached: shownCount,
  reachedRate: shownRate,
  guardians: shownCount,
  guardiansNeverConnected: shownCount,
  receipts: shownCount,
  readRate: shownRate,
  medianTimeToRead: shownDelay,
  p90TimeToRead: shownDelay,
  requests: shownCount,
  answeredRate: shownRate,
  childrenNotFeatured: shownCount,
  languages: z.array(z.strictObject({ language: z.string(), guardians: shownCount })),
  translatedReads: shownCount,
});

const trend = z.array(z.strictObject({ month: z.string().meta({ description: 'YYYY-MM' }), readRate: shownRate }));

/** `GET /schools/{schoolId}/engagement`. */
export const engagementResponse = z.strictObject({
  period: z.enum(ENGAGEMENT_PERIODS),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  featureEveryDays: z.number().int(),
  school: z.strictObject({ figures, trend }).nullable().meta({ description: 'The school’s figures (director, elected parents); null for a teacher' }),
  classes: z.array(z.strictObject({ classId: z.uuid(), className: z.string(), figures, trend })).meta({ description: 'The classes the caller may see; no teacher is named' }),
  paperCopiesRecorded: z.literal(false).meta({ description: 'Paper copies handed to families are not recorded by e-carnet' }),
});

/** `GET /schools/{schoolId}/engagement/families`. */
export const familiesToReachResponse = z.strictObject({
  families: z.array(
    z.strictObject({
      guardianId: z.uuid(),
      guardianName: z.string(),
      classId: z.uuid(),
      className: z.string(),
      childNames: z.array(z.string()),
      reasons: z.array(z.enum(REACH_REASONS)),
      unreadImportant: z.number().int(),
      suggestion: z.enum(REACH_ACTIONS),
      lastAction: z.strictObject({ action: z.enum(REACH_ACTIONS), at: z.iso.datetime() }).nullable(),
    }),
  ),
});

/** `POST /schools/{schoolId}/engagement/families/{guardianId}/actions`. */
export const recordedActionResponse = z.strictObject({ id: z.uuid() });
