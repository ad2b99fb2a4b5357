import { z } from 'zod';
import { defineRoute, type ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { classParams, grantParams, pupilParams } from '../http/route-params.js';
import type { AccessLine } from './access-history.js';
import { childSharingResponse, classSharingResponse, createdInviteResponse, createdLinkResponse, issuedCodesResponse } from './api-schemas.js';
import { loadChildSharing } from './child-sharing.js';
import { loadClassSharing } from './class-sharing.js';
import { createInviteCode, redeemInviteCode } from './invite-codes.js';
import { createPersonalLink, linkExpiryInput, personalLinkInput, revokeGrant, setLinkExpiry } from './personal-links.js';
import { issueClassQrCodes } from './issue-class-qr-codes.js';
import { shareUrl } from './share-url.js';
import { clientAddress } from './client-address.js';
import { sharingSettingsApiRoutes } from './settings-api-routes.js';

const inviteInput = z.strictObject({ code: z.string().trim().min(1).max(40) });

const historyJson = (lines: readonly AccessLine[]) =>
  lines.map(({ at, channel, pupilName, who, otherGuardian, deviceFamily, network }) => ({ at: at.toISOString(), channel, pupilName, who, otherGuardian, deviceFamily, network }));

/**
 * The sharing endpoints of `/api/v1`: QR codes, personal links, invite codes, the access history
 * and the school's sharing settings.
 */
export function sharingApiRoutes(context: ModuleContext): ApiRoute[] {
  const { dataSource, clock } = context;
  const now = () => clock.now();
  return [
    defineRoute({
      method: 'get',
      path: '/children/:pupilId/sharing',
      summary: "A child's QR code and personal links (to those who manage them) and who viewed the portfolio",
      tag: 'sharing',
      signedIn: true,
      params: pupilParams,
      response: childSharingResponse,
      async handle({ params: { pupilId } }, req, res) {
        const page = await loadChildSharing(dataSource, actorOf(req), pupilId, now());
        res.json({
          grants: page.grants.map((grant) => ({ ...grant, createdAt: grant.createdAt.toISOString(), expiresAt: grant.expiresAt.toISOString() })),
          history: historyJson(page.history),
          mayCreateLink: page.mayCreateLink,
          mayInvite: page.mayInvite,
          linksForbidden: page.linksForbidden,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/children/:pupilId/sharing/links',
      summary: 'Create a password-protected personal link (guardian with full authority, when the school allows it)',
      tag: 'sharing',
      signedIn: true,
      params: pupilParams,
      body: personalLinkInput,
      response: createdLinkResponse,
      async handle({ params: { pupilId }, body: input }, req, res) {
        const created = await createPersonalLink(dataSource, actorOf(req), pupilId, input, now());
        res.json({ grantId: created.grantId, url: shareUrl(context.config, created.token), expiresAt: created.expiresAt.toISOString() });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/children/:pupilId/sharing/invites',
      summary: "Create a one-time invite code attaching a parent's account to the child, pending approval (teacher or director)",
      tag: 'sharing',
      signedIn: true,
      params: pupilParams,
      response: createdInviteResponse,
      async handle({ params: { pupilId } }, req, res) {
        const invite = await createInviteCode(dataSource, actorOf(req), pupilId, now());
        res.json({ code: invite.code, expiresAt: invite.expiresAt.toISOString() });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/classes/:classId/sharing',
      summary: "The class's QR codes and the latest views of its pupils' portfolios (teacher or director)",
      tag: 'sharing',
      signedIn: true,
      params: classParams,
      response: classSharingResponse,
      async handle({ params: { classId } }, req, res) {
        const page = await loadClassSharing(dataSource, actorOf(req), classId, now());
        res.json({
          classId: page.classId,
          qrValidity: page.qrValidity,
          pupils: page.pupils.map((pupil) => ({
            ...pupil,
            qr: pupil.qr ? { id: pupil.qr.id, createdAt: pupil.qr.createdAt.toISOString(), expiresAt: pupil.qr.expiresAt.toISOString() } : null,
          })),
          history: historyJson(page.history),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/classes/:classId/qr-codes',
      summary: "Issue new QR codes for every pupil of the class, revoking the previous ones; the URLs are shown once",
      tag: 'sharing',
      signedIn: true,
      params: classParams,
      response: issuedCodesResponse,
      async handle({ params: { classId } }, req, res) {
        const { codes } = await issueClassQrCodes(context, actorOf(req), classId);
        res.set('Cache-Control', 'no-store').json({
          codes: codes.map((code) => ({ pupilId: code.pupil.id, grantId: code.grantId, url: code.url, expiresAt: code.expiresAt.toISOString() })),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/sharing/grants/:grantId/revoke',
      summary: 'Revoke a QR code or personal link; sessions opened with it end on their next request',
      tag: 'sharing',
      signedIn: true,
      params: grantParams,
      async handle({ params: { grantId } }, req, res) {
        await revokeGrant(dataSource, actorOf(req), grantId, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'put',
      path: '/sharing/grants/:grantId/expiry',
      summary: "Set a personal link's expiry, in days from now (guardian, teacher or director)",
      tag: 'sharing',
      signedIn: true,
      params: grantParams,
      body: linkExpiryInput,
      async handle({ params: { grantId }, body: { days } }, req, res) {
        await setLinkExpiry(dataSource, actorOf(req), grantId, days, now());
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/invites',
      summary: 'Use an invite code: the signed-in account is proposed as the child’s guardian until the school approves',
      tag: 'sharing',
      signedIn: true,
      body: inviteInput,
      async handle({ body: { code } }, req, res) {
        await redeemInviteCode(dataSource, actorOf(req), code, clientAddress(req), now());
        res.status(204).end();
      },
    }),
    ...sharingSettingsApiRoutes(context),
  ];
}
