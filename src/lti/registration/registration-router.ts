import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { School } from '../../model/school.js';
import { renderFramePage } from '../frame-page.js';
import { ensureDeployment, findRegistration, insertPlatform } from '../platforms/registry.js';
import { enforceRateLimit, LTI_RATE_LIMITS } from '../rate-limits.js';
import type { LtiServices } from '../services.js';
import { findRegistrationInvite, spendRegistrationInvite } from './invites.js';
import { fetchPlatformConfiguration } from './platform-configuration.js';
import { registerTool } from './register-tool.js';
import { toolConfiguration } from './tool-configuration.js';
import { platformLabel } from '../platforms/platform-label.js';

const registrationRequest = z.object({
  invite: z.string().min(1).max(200),
  openid_configuration: z.string().min(1).max(2000),
  registration_token: z.string().min(1).max(4000).optional(),
});

/**
 * `GET /lti/register` (LTI Dynamic Registration): the ENT administrator opens the registration
 * link a head of school gave them; the platform adds `openid_configuration` and
 * `registration_token`. e-carnet shows which school the ENT will serve, and on confirmation
 * (`POST /lti/register`) posts its tool configuration to the platform and stores the
 * registration, bound to that school. The invitation in the link is the authority: the page
 * needs no e-carnet session, so it works inside the platform's frame (which this page alone lets
 * the platform being registered be). Each use of a link makes e-carnet fetch a URL its holder
 * chose: uses are rate-limited per link, and in production only public HTTPS hosts are fetched.
 * A platform whose issuer and client id were ever registered is refused: a registration's
 * accounts are never handed to another.
 *
 * @see https://www.imsglobal.org/spec/lti-dr/v1p0
 */
export function createRegistrationRouter(services: LtiServices): Router {
  const router = Router();
  const { dataSource, clock, config, translator } = services.context;
  const configuration = toolConfiguration(config.baseUrl, translator.forLanguage('fr')('lti.toolDescription'));

  const readRequest = async (req: Request, res: Response) => {
    const parsed = registrationRequest.safeParse(req.method === 'GET' ? req.query : req.body);
    if (!parsed.success) throw new AppError('LTI_REGISTRATION_INVITE_INVALID');
    const now = clock.now();
    const invite = await findRegistrationInvite(dataSource, parsed.data.invite, now);
    await enforceRateLimit(dataSource, res, `lti-register:${invite.id}`, LTI_RATE_LIMITS.registration, now);
    const platform = await fetchPlatformConfiguration(parsed.data.openid_configuration, config.mode);
    const school = await dataSource.getRepository(School).findOneByOrFail({ id: invite.schoolId });
    return { ...parsed.data, invite, inviteToken: parsed.data.invite, platform, school };
  };

  router.get('/lti/register', async (req, res) => {
    const request = await readRequest(req, res);
    renderFramePage(
      services,
      req,
      res,
      'lti/register-confirm',
      {
        title: req.t('lti.register.title'),
        schoolName: request.school.name,
        platformName: platformLabel({ name: request.platform.productName, issuer: request.platform.issuer, source: 'dynamic' }),
        issuer: request.platform.issuer,
        invite: request.inviteToken,
        openidConfiguration: request.openid_configuration,
        registrationToken: request.registration_token ?? '',
      },
      { policy: { frameAncestors: [new URL(request.platform.issuer).origin] } },
    );
  });

  router.post('/lti/register', async (req, res) => {
    const request = await readRequest(req, res);
    const { platform, invite } = request;
    const registration = await registerTool(platform, configuration, request.registration_token, config.mode);
    const now = clock.now();
    const registered = await runInTransaction(dataSource, async (manager) => {
      if (await findRegistration(manager, platform.issuer, registration.clientId)) throw new AppError('LTI_REGISTRATION_FAILED');
      const created = await insertPlatform(
        manager,
        {
          issuer: platform.issuer,
          clientId: registration.clientId,
          name: platform.productName,
          authLoginUrl: platform.authorizationEndpoint,
          authTokenUrl: platform.tokenEndpoint,
          keysetUrl: platform.jwksUri,
          tokenAudience: platform.authorizationServer,
          schoolId: invite.schoolId,
          source: 'dynamic',
        },
        now,
      );
      if (registration.deploymentId !== null) await ensureDeployment(manager, created.id, registration.deploymentId, invite.schoolId, now);
      await spendRegistrationInvite(manager, invite, created.id, now);
      await recordAuditEvent(manager, {
        schoolId: invite.schoolId,
        actorId: invite.createdById,
        action: 'lti.platformRegistered',
        subjectKind: 'ltiPlatform',
        subjectId: created.id,
        detail: { issuer: created.issuer, clientId: created.clientId, deploymentId: registration.deploymentId },
        at: now,
      });
      return created;
    });
    services.context.logger.info({ platformId: registered.id, issuer: registered.issuer }, 'LTI platform registered');
    services.platformOrigins.remember(registered);
    renderFramePage(
      services,
      req,
      res,
      'lti/register-done',
      { title: req.t('lti.register.doneTitle'), schoolName: request.school.name, platformName: platformLabel(registered) },
      { policy: { frameAncestors: [new URL(registered.issuer).origin] } },
    );
  });

  return router;
}
