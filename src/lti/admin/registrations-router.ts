import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../../auth/require-sign-in.js';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { notFound } from '../../http/errors.js';
import { validated } from '../../http/validated.js';
import { LtiPlatform } from '../../model/lti-platform.js';
import { School } from '../../model/school.js';
import { can } from '../../policy/index.js';
import { LTI_STYLESHEETS } from '../frame-page.js';
import { enforceRateLimit, LTI_RATE_LIMITS } from '../rate-limits.js';
import { createRegistrationInvite, INVITE_LIFETIME_MS } from '../registration/invites.js';
import { toolEndpoints } from '../registration/tool-configuration.js';
import { ensureDeployment } from '../platforms/registry.js';
import type { LtiServices } from '../services.js';
import { disconnectPlatform } from './disconnect-platform.js';
import { connectDeploymentByCode, findPendingPairing } from './pairing.js';
import { schoolsConnectableBy } from './registrations-page.js';
import { platformLabel } from '../platforms/platform-label.js';

const schoolInput = z.object({ schoolId: z.uuid() });
const pairingInput = z.object({ schoolId: z.uuid(), code: z.string().trim().min(4).max(20) });
const deploymentInput = z.object({ schoolId: z.uuid(), platformId: z.uuid(), deploymentId: z.string().trim().min(1).max(191) });
const platformInput = z.object({ schoolId: z.uuid(), platformId: z.uuid() });

/**
 * `/lti/registrations`: where a head of school connects ENTs to their school. They create a
 * one-time dynamic-registration link for the ENT administrator, type the pairing code an ENT
 * registered by configuration showed its administrator (then check which ENT, issuer, client and
 * deployment it names, and confirm), add a deployment to a registration of their school, or
 * disconnect an ENT.
 * Every action is decided by the policy (`schoolSettings` update: heads of school only). Pairing
 * codes are short: attempts are rate-limited per head of school.
 */
export function createRegistrationsRouter(services: LtiServices): Router {
  const router = Router();
  const { dataSource, clock, config } = services.context;
  const signedIn = requireSignIn(dataSource, clock);

  const render = async (req: Request, res: Response, extra: Record<string, unknown> = {}) => {
    await services.configuredPlatformsReady();
    const schools = await schoolsConnectableBy(dataSource, actorOf(req));
    if (schools.length === 0) throw notFound();
    res.set('Cache-Control', 'private, no-store').render('lti/registrations', {
      title: req.t('lti.registrations.title'),
      stylesheets: LTI_STYLESHEETS,
      schools,
      connected: req.query.connected === '1',
      added: req.query.added === '1',
      disconnected: req.query.disconnected === '1',
      ...extra,
    });
  };
  const authorise = (req: Request, schoolId: string) => {
    if (!can(actorOf(req), 'update', { kind: 'schoolSettings', schoolId })) throw notFound();
  };

  router.get('/lti/registrations', signedIn, (req, res) => render(req, res));

  router.post('/lti/registrations/invites', signedIn, validated({ body: schoolInput }, async ({ body: { schoolId } }, req, res) => {
    authorise(req, schoolId);
    const token = await createRegistrationInvite(dataSource, schoolId, actorOf(req).personId, clock.now());
    await render(req, res, {
      invite: { schoolId, url: `${toolEndpoints(config.baseUrl).register}?invite=${encodeURIComponent(token)}`, hours: INVITE_LIFETIME_MS / 3_600_000 },
    });
  }));

  /** A pairing code typed: counted, then what it names is shown for confirmation. */
  const pairingAttempt = async (req: Request, res: Response, { schoolId, code }: z.output<typeof pairingInput>) => {
    authorise(req, schoolId);
    await services.configuredPlatformsReady();
    const now = clock.now();
    await enforceRateLimit(dataSource, res, `lti-pairing:${actorOf(req).personId}`, LTI_RATE_LIMITS.pairing, now);
    return { schoolId, code, now };
  };

  router.post('/lti/registrations/pairings', signedIn, validated({ body: pairingInput }, async ({ body }, req, res) => {
    const { schoolId, code, now } = await pairingAttempt(req, res, body);
    const { deployment, platform } = await findPendingPairing(dataSource, code, now);
    const school = await dataSource.getRepository(School).findOneByOrFail({ id: schoolId });
    res.set('Cache-Control', 'private, no-store').render('lti/pairing-confirm', {
      title: req.t('lti.pairing.title'),
      stylesheets: LTI_STYLESHEETS,
      schoolId,
      schoolName: school.name,
      code,
      platformName: platformLabel(platform),
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentId: deployment.deploymentId,
    });
  }));

  router.post('/lti/registrations/pairings/confirm', signedIn, validated({ body: pairingInput }, async ({ body }, req, res) => {
    const { schoolId, code, now } = await pairingAttempt(req, res, body);
    await connectDeploymentByCode(dataSource, code, schoolId, actorOf(req).personId, now);
    res.redirect(303, `${req.basePath}/lti/registrations?connected=1`);
  }));

  router.post('/lti/registrations/deployments', signedIn, validated({ body: deploymentInput }, async ({ body: { schoolId, platformId, deploymentId } }, req, res) => {
    authorise(req, schoolId);
    const platform = await dataSource.getRepository(LtiPlatform).findOneBy({ id: platformId });
    // Only a registration that serves this school as a whole (and still serves it) may gain deployments here.
    if (!platform || platform.schoolId !== schoolId || platform.disabledAt !== null) throw notFound();
    const now = clock.now();
    await runInTransaction(dataSource, async (manager) => {
      const deployment = await ensureDeployment(manager, platformId, deploymentId, schoolId, now);
      await recordAuditEvent(manager, {
        schoolId,
        actorId: actorOf(req).personId,
        action: 'lti.deploymentAdded',
        subjectKind: 'ltiDeployment',
        subjectId: deployment.id,
        detail: { platformId, deploymentId },
        at: now,
      });
    });
    res.redirect(303, `${req.basePath}/lti/registrations?added=1`);
  }));

  router.post('/lti/registrations/disconnect', signedIn, validated({ body: platformInput }, async ({ body: { schoolId, platformId } }, req, res) => {
    authorise(req, schoolId);
    const disconnected = await disconnectPlatform(dataSource, platformId, schoolId, actorOf(req).personId, clock.now());
    if (!disconnected) throw notFound();
    await services.platformOrigins.refresh();
    res.redirect(303, `${req.basePath}/lti/registrations?disconnected=1`);
  }));

  return router;
}
