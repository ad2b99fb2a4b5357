import { z } from 'zod';
import { GUARDIANSHIP_STATUSES, IMAGE_CONSENT_PURPOSES, IMAGE_CONSENT_SCOPES, SCHOOL_ROLES } from '../model/roles.js';

/*
 * The shapes of API responses, for the OpenAPI document. Strict: the API tests parse real
 * responses with these schemas, so the document cannot drift from what the API sends, and a
 * field that should not be there (a court reference for a teacher…) fails them.
 */

/** The image-rights scope in force for each purpose. */
const consentScopesByPurpose = z.strictObject({
  portfolio: z.enum(IMAGE_CONSENT_SCOPES),
  classMoments: z.enum(IMAGE_CONSENT_SCOPES),
  printedDocuments: z.enum(IMAGE_CONSENT_SCOPES),
});

const teacher = z.strictObject({ id: z.uuid(), givenName: z.string(), familyName: z.string(), isMainTeacher: z.boolean() });

/** Every error: a stable code, a message for people, and the fields at fault. */
export const errorResponse = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: 'Stable, SCREAMING_SNAKE error code' }),
    message: z.string().meta({ description: "Explanation in the reader's language, safe to show" }),
    fields: z
      .array(
        z.strictObject({
          field: z.string(),
          problem: z.string().meta({ description: 'required, tooShort, tooLong, invalidFormat, invalidChoice, inThePast, containsNul (a NUL byte: refused) or invalid' }),
          message: z.string(),
        }),
      )
      .optional(),
  }),
});

/** GET /me. */
export const meResponse = z.strictObject({
  id: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  preferredLanguage: z.string(),
  language: z.string().meta({ description: 'Interface language of this session' }),
  schools: z.array(z.strictObject({ schoolId: z.uuid(), roles: z.array(z.enum(SCHOOL_ROLES)) })),
  csrfToken: z.string().meta({ description: 'Send as X-CSRF-Token on every state-changing request' }),
});

/** GET /children. */
export const childrenResponse = z.strictObject({
  children: z.array(
    z.strictObject({
      id: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      status: z.enum(['full', 'informationOnly']),
      schoolId: z.uuid(),
      schoolName: z.string(),
      classes: z.array(z.strictObject({ id: z.uuid(), name: z.string(), levels: z.string().nullable(), teachers: z.array(teacher) })),
    }),
  ),
});

const classOverview = z.strictObject({
  id: z.uuid(),
  schoolId: z.uuid(),
  name: z.string(),
  levels: z.string().nullable(),
  cycle: z.number().int().nullable(),
  pupilCount: z.number().int(),
  teachers: z.array(teacher),
});

/** GET /classes. */
export const classesResponse = z.strictObject({ classes: z.array(classOverview) });

const visibleGuardian = z.strictObject({
  guardianId: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  status: z.enum(GUARDIANSHIP_STATUSES),
  relationship: z.string().nullable(),
  preferredLanguage: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  legalBasis: z
    .object({ kind: z.string().nullable(), reference: z.string().nullable(), date: z.string().nullable() })
    .nullable()
    .meta({ description: 'The decision behind the status; only for the director' }),
  canUpdate: z.boolean(),
});

/** GET /classes/{classId}/pupils. */
export const rosterResponse = z.strictObject({
  class: classOverview,
  pupils: z.array(
    z.strictObject({
      id: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      imageConsent: z.enum(IMAGE_CONSENT_SCOPES).nullable(),
      imageConsents: consentScopesByPurpose.nullable(),
      guardians: z.array(visibleGuardian),
    }),
  ),
});

/** GET /pupils/{pupilId}. */
export const pupilResponse = z.strictObject({
  id: z.uuid(),
  schoolId: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  classes: z.array(z.strictObject({ id: z.uuid(), name: z.string(), teachers: z.array(teacher) })),
  guardians: z.array(visibleGuardian),
  imageConsent: z
    .strictObject({
      scope: z.enum(IMAGE_CONSENT_SCOPES).meta({ description: 'The narrower of the portfolio and class-moment scopes' }),
      canUpdate: z.boolean(),
      purposes: z.array(
        z.strictObject({
          purpose: z.enum(IMAGE_CONSENT_PURPOSES),
          scope: z.enum(IMAGE_CONSENT_SCOPES).meta({ description: 'What applies: the most restrictive choice of the guardians' }),
          yourChoice: z.enum(IMAGE_CONSENT_SCOPES).nullable().meta({ description: "The viewer's own choice online, if they are a guardian who chose" }),
          disagreement: z.boolean().meta({ description: 'The guardians chose differently: the most restrictive applies until they agree' }),
        }),
      ),
    })
    .nullable(),
  canViewPortfolio: z.boolean(),
});

/** GET /schools/{schoolId}/audit-events. */
export const auditEventsResponse = z.strictObject({
  events: z.array(
    z.strictObject({
      id: z.uuid(),
      at: z.iso.datetime(),
      action: z.string(),
      actorId: z.uuid().nullable(),
      actorName: z.string().nullable(),
      subjectKind: z.string(),
      subjectId: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});
