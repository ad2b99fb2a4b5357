import { z } from 'zod';
import type { ApiRoute } from '../api/api-route.js';
import { actorOf } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { parseInput } from '../http/parse-input.js';
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

const pupilParams = z.object({ pupilId: z.uuid() });
const classParams = z.object({ classId: z.uuid() });
const grantParams = z.object({ grantId: z.uuid() });
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
    {
      method: 'get',
      path: '/children/:pupilId/sharing',
      summary: "A child's QR code and personal links (to those who manage them) and who viewed the portfolio",
      tag: 'sharing',
      signedIn: true,
      params: pupilParams,
      response: childSharingResponse,
      async handle(req, res) {
        const { pupilId } = parseInput(pupilParams, req.params);
        const page = await loadChildSharing(dataSource, actorOf(req), pupilId, now());
        res.json({
          grants: page.grants.map((grant) => ({ ...grant, createdAt: grant.createdAt.toISOString(), expiresAt: grant.expiresAt.toISOString() })),
          history: historyJson(page.history),
          mayCreateLink: page.mayCreateLink,
          mayInvite: page.mayInvite,
          linksForbidden: page.linksForbidden,
        });
      },
    },
    {
      method: 'post',
      path: '/children/:pupilId/sharing/links',
      summary: 'Create a password-protected personal link (guardian with full authority, when the school allows it)',
      tag: 'sharing',
      signedIn: true,
      params: pupilParams,
      body: personalLinkInput,
      response: createdLinkResponse,
      async handle(req, res) {
        const { pupilId } = parseInput(pupilParams, req.params);
        const input = parseInput(personalLinkInput, req.body);
        const created = await createPersonalLink(dataSource, actorOf(req), pupilId, input, now());
        res.json({ grantId: created.grantId, url: shareUrl(context.config, created.token), expiresAt: created.expiresAt.toISOString() });
      },
    },
    {
      method: 'post',
      path: '/children/:pupilId/sharing/invites',
      summary: "Create a one-time invite code attaching a parent's account to the child, pending approval (teacher or director)",
      tag: 'sharing',
      signedIn: true,
      params: pupilParams,
      response: createdInviteResponse,
      async handle(req, res) {
        const { pupilId } = parseInput(pupilParams, req.params);
        const invite = await createInviteCode(dataSource, actorOf(req), pupilId, now());
        res.json({ code: invite.code, expiresAt: invite.expiresAt.toISOString() });
      },
    },
    {
      method: 'get',
      path: '/classes/:classId/sharing',
      summary: "The class's QR codes and the latest views of its pupils' portfolios (teacher or director)",
      tag: 'sharing',
      signedIn: true,
      params: classParams,
      response: classSharingResponse,
      async handle(req, res) {
        const { classId } = parseInput(classParams, req.params);
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
    },
    {
      method: 'post',
      path: '/classes/:classId/qr-codes',
      summary: "Issue new QR codes for every pupil of the class, revoking the previous ones; the URLs are shown once",
      tag: 'sharing',
      signedIn: true,
      params: classParams,
      response: issuedCodesResponse,
      async handle(req, res) {
        const { classId } = parseInput(classParams, req.params);
        const { codes } = await issueClassQrCodes(context, actorOf(req), classId);
        res.set('Cache-Control', 'no-store').json({
          codes: codes.map((code) => ({ pupilId: code.pupil.id, grantId: code.grantId, url: code.url, expiresAt: code.expiresAt.toISOString() })),
        });
      },
    },
    {
      method: 'post',
      path: '/sharing/grants/:grantId/revoke',
      summary: 'Revoke a QR code or personal link; sessions opened with it end on their next request',
      tag: 'sharing',
      signedIn: true,
      params: grantParams,
      async handle(req, res) {
        const { grantId } = parseInput(grantParams, req.params);
        await revokeGrant(dataSource, actorOf(req), grantId, now());
        res.status(204).end();
      },
    },
    {
      method: 'put',
      path: '/sharing/grants/:grantId/expiry',
      summary: "Set a personal link's expiry, in days from now (guardian, teacher or director)",
      tag: 'sharing',
      signedIn: true,
      params: grantParams,
      body: linkExpiryInput,
      async handle(req, res) {
        const { grantId } = parseInput(grantParams, req.params);
        const { days } = parseInput(linkExpiryInput, req.body);
        await setLinkExpiry(dataSource, actorOf(req), grantId, days, now());
        res.status(204).end();
      },
    },
    {
      method: 'post',
      path: '/invites',
      summary: 'Use an invite code: the signed-in account is proposed as the child’s guardian until the school approves',
      tag: 'sharing',
      signedIn: true,
      body: inviteInput,
      async handle(req, res) {
        const { code } = parseInput(inviteInput, req.body);
        await redeemInviteCode(dataSource, actorOf(req), code, clientAddress(req), now());
        res.status(204).end();
      },
    },
    ...sharingSettingsApiRoutes(context),
  ];
}
