import { z } from 'zod';
import { ACCESS_CHANNELS } from '../model/portfolio-access.js';
import { qrValiditySchema } from '../model/qr-validity.js';
import { SHARE_GRANT_KINDS } from '../model/share-grant.js';

/*
 * Response schemas of the sharing endpoints, for the OpenAPI document.
 */

const historyLine = z.strictObject({
  at: z.iso.datetime(),
  channel: z.enum(ACCESS_CHANNELS),
  pupilName: z.string(),
  who: z.string().nullable().meta({ description: 'The account’s name, or a personal link’s label; null for a QR code and, for a guardian reading, another guardian' }),
  otherGuardian: z.boolean().meta({ description: 'A view by the child’s other guardian, whose name guardians are not given' }),
  deviceFamily: z.enum(['phone', 'tablet', 'computer', 'other']),
  network: z.string().meta({ description: 'Coarse network only (IPv4 /24, IPv6 /48); full addresses are never kept' }),
});

const grant = z.strictObject({
  id: z.uuid(),
  kind: z.enum(SHARE_GRANT_KINDS),
  label: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  state: z.enum(['active', 'expired', 'revoked']),
  notifies: z.boolean(),
  canManage: z.boolean(),
  language: z.string().nullable().meta({ description: 'The language the code or link opens its pages in (null: the viewer’s browser decides)' }),
  canSetLanguage: z.boolean().meta({ description: 'Whether the caller may change it (on the child’s sharing page)' }),
});

export const childSharingResponse = z.strictObject({
  grants: z.array(grant),
  history: z.array(historyLine),
  mayCreateLink: z.boolean(),
  mayInvite: z.boolean(),
  linksForbidden: z.boolean(),
});

export const classSharingResponse = z.strictObject({
  classId: z.uuid(),
  qrValidity: qrValiditySchema,
  pupils: z.array(
    z.strictObject({
      id: z.uuid(),
      givenName: z.string(),
      familyName: z.string(),
      qr: z.strictObject({ id: z.uuid(), createdAt: z.iso.datetime(), expiresAt: z.iso.datetime() }).nullable(),
    }),
  ),
  history: z.array(historyLine),
});

export const issuedCodesResponse = z.strictObject({
  codes: z.array(z.strictObject({ pupilId: z.uuid(), grantId: z.uuid(), url: z.string().meta({ description: 'Shown once: only its hash is kept' }), expiresAt: z.iso.datetime() })),
});

export const createdLinkResponse = z.strictObject({
  grantId: z.uuid(),
  url: z.string().meta({ description: 'Shown once: only its hash is kept' }),
  expiresAt: z.iso.datetime(),
});

export const createdInviteResponse = z.strictObject({ code: z.string(), expiresAt: z.iso.datetime() });

/** GET /schools/{schoolId}/sharing-settings. */
export const sharingSettingsResponse = z.strictObject({ qrValidity: qrValiditySchema });
