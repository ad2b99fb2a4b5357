import { z } from 'zod';
import { DEFAULT_QR_VALIDITY, qrValiditySchema, withQrValidityFromDays } from './qr-validity.js';
import { SCHOOL_ROLES } from './roles.js';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 07:30');
/** ISO weekday: 1 = Monday … 7 = Sunday. */
const weekday = z.number().int().min(1).max(7);

/**
 * A school's own rules, chosen by its director (often after the conseil d'école). Stored as JSON
 * and read through this schema, so a setting added later gets its default without a migration.
 */
export const schoolSettingsSchema = z.strictObject({
  messaging: z
    .strictObject({
      /** Whom a parent may write to: every teacher of the child, or only the main teacher. */
      parentsMayWriteTo: z.enum(['anyTeacher', 'mainTeacherOnly']).default('anyTeacher'),
      /** Hours during which notifications may be sent (the right to disconnect). */
      notificationHours: z
        .strictObject({
          start: timeOfDay.default('07:30'),
          end: timeOfDay.default('19:30'),
          days: z.array(weekday).default([1, 2, 3, 4, 5]),
        })
        .prefault({}),
      /** Roles allowed to mark a message urgent, which overrides quiet hours. */
      urgentRoles: z.array(z.enum(SCHOOL_ROLES)).default(['director']),
      /** What the school commits to: an answer within this many school-day hours. */
      replyWithinHours: z.number().int().min(1).max(24 * 14).default(48),
      /** How long a sender may recall a message. */
      recallMinutes: z.number().int().min(0).max(24 * 60).default(60),
      /** Lets the elected parent representatives write to the families of a class (never reply-all). */
      representativesMayWrite: z.boolean().default(false),
      /**
       * Lets pupils write to their own teachers. Unset, it follows the kind of school (see
       * `pupilsMayWriteIn`): off in an école, on in a collège or lycée.
       */
      pupilsMayWrite: z.boolean().optional(),
      /** Lets a pupil's guardians read the pupil's own exchanges with their teachers (off: they are the pupil's). */
      parentsReadPupilMessages: z.boolean().default(false),
    })
    .prefault({}),
  portfolio: z
    .strictObject({
      /** Scheduled entries go out at these slots, so families know when to look. */
      publicationSlots: z.array(z.strictObject({ weekday, time: timeOfDay })).default([{ weekday: 5, time: '16:30' }]),
      /** Evaluations reach parents this many hours after the child has seen them. */
      evaluationDelayHours: z.number().int().min(0).max(24 * 14).default(24),
      /** Remind a teacher when a child has not been featured for this many days. */
      featureEveryDays: z.number().int().min(1).max(90).default(14),
      /** E-mail each teacher the week's rhythm (next slot, children to feature) on the first school day's morning. */
      weeklyReminder: z.boolean().default(true),
      pupilPostsAllowed: z.boolean().default(false),
      commentsNeedApproval: z.boolean().default(true),
    })
    .prefault({}),
  sharing: z
    .preprocess(
      // Settings stored with `qrValidityDays`, before validity had a unit, still read: see that function.
      withQrValidityFromDays,
      z.strictObject({
        /** How long the QR codes printed for the children stay valid. */
        qrValidity: qrValiditySchema.default(DEFAULT_QR_VALIDITY),
        personalLinksAllowed: z.boolean().default(true),
        accessLogRetentionDays: z.number().int().min(1).max(366).default(365),
      }),
    )
    .prefault({}),
  identity: z
    .strictObject({
      /** Trust the parent–child links EduConnect proposes without a confirmation by the school. */
      trustEduConnectLinks: z.boolean().default(false),
    })
    .prefault({}),
  /** What the school's privacy notice names; the deployment's settings stand in for what it leaves out. */
  legal: z
    .strictObject({
      /** The school's (or its académie's) data-protection officer: an e-mail address or a postal address. */
      dpoContact: z.string().trim().max(300).nullable().default(null),
    })
    .prefault({}),
  /**
   * Days after a person left the school before their data is deleted: three months by default (the
   * ENT rule). Stored values are read as they are; the director's page keeps new ones within
   * `LEAVING_DELAY_BOUNDS` and the retention job applies no other (src/retention/retention-delays.ts).
   */
  retentionDaysAfterLeaving: z.number().int().min(30).max(3650).default(90),
});

export type SchoolSettings = z.infer<typeof schoolSettingsSchema>;

/** The settings of a school that has chosen nothing yet. */
export function defaultSchoolSettings(): SchoolSettings {
  return schoolSettingsSchema.parse({});
}

/**
 * A school's settings, read through the schema: fields it has not set get their defaults, and a
 * stored value the schema no longer accepts falls back to the default rather than break pages.
 */
export function readSchoolSettings(school: { settingsJson: string }): SchoolSettings {
  let stored: unknown;
  try {
    stored = JSON.parse(school.settingsJson);
  } catch {
    stored = {};
  }
  const parsed = schoolSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : defaultSchoolSettings();
}
