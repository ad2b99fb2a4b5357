import type { Request, Response } from 'express';
import { masterSecrets } from '../../config/master-secrets.js';
import { completeSignIn } from '../../auth/complete-sign-in.js';
import { AppError } from '../../http/errors.js';
import type { LtiLogin } from '../../model/lti-login.js';
import type { LtiPlatform } from '../../model/lti-platform.js';
import { pairingCodeFor } from '../admin/pairing.js';
import { openPicker } from '../deep-linking/open-picker.js';
import { renderFramePage } from '../frame-page.js';
import { clearStateCookie } from '../login/state-cookie.js';
import { originsOfPlatform } from '../platforms/platform-origins.js';
import { schoolOfDeployment } from '../platforms/registry.js';
import type { LtiServices } from '../services.js';
import type { BrowserBinding } from './browser-binding.js';
import type { PrefetchedDeployment } from './launch-records.js';
import { findContextClass } from './context-class.js';
import { createHandoff } from './handoff.js';
import { identityFromLaunch, ltiConnectorId } from './identity-from-launch.js';
import { landingPath } from './landing.js';
import { consumeLogin } from './login-record.js';
import { readRoles } from './roles.js';
import { syncRosterBriefly } from './roster-on-launch.js';
import { validateLaunch } from './validate-launch.js';

/**
 * Step 3 of the launch, once the browser is bound to the login: validates the id_token and its
 * claims, spends the nonce, provisions the person and opens their session, syncs the class
 * roster when a teacher arrives (a few seconds at most), then lands: on the page the link names,
 * on the deep-linking picker, or (when the frame cannot keep cookies) on a button that continues
 * in a new window. Nothing is written until every check has passed.
 */
export async function completeLaunch(
  services: LtiServices,
  req: Request,
  res: Response,
  platform: LtiPlatform,
  login: LtiLogin,
  state: string,
  idToken: string,
  binding: Extract<BrowserBinding, 'cookie' | 'storage'>,
  prefetched?: PrefetchedDeployment,
): Promise<void> {
  const { dataSource, clock, config } = services.context;
  const now = clock.now();
  const { deployment, message } = await validateLaunch(dataSource, services.platformKeys, platform, login, idToken, now, config.mode, prefetched);
  const roles = readRoles(message.roles);
  const framedBy = { frameAncestors: originsOfPlatform(platform) };
  const schoolId = schoolOfDeployment(platform, deployment);
  if (schoolId === null) {
    // A platform from the configuration file, not yet claimed by a school: only the ENT's own
    // administrators get the code for the head of school (a code binds the ENT's people to a
    // school); everyone else is told to ask them, and nothing is written.
    if (!roles.administrator) throw new AppError('LTI_DEPLOYMENT_NOT_CONNECTED');
    await consumeLogin(dataSource, login, now);
    const pairingCode = await pairingCodeFor(dataSource, masterSecrets(config), platform, deployment, message.subject, now);
    renderFramePage(services, req, res, 'lti/not-connected', { title: req.t('lti.notConnected.title'), pairingCode, platformName: platform.name ?? platform.issuer }, { policy: framedBy });
    return;
  }

  await consumeLogin(dataSource, login, now);
  clearStateCookie(req, res, state, config.session.crossSiteCookies);
  const signInMethod = ltiConnectorId(platform);
  const { personId } = await completeSignIn(services.context, req, res, identityFromLaunch(message, roles, platform, schoolId), signInMethod);

  // Only teachers land in the class, and only a deep-linking request offers it.
  const needsClass = message.context !== undefined && (roles.teacher || message.deepLinking !== undefined);
  const classId = needsClass && message.context ? await findContextClass(dataSource, schoolId, platform.id, message.context.id) : undefined;
  if (roles.teacher && classId !== undefined && message.context && message.membershipsUrl) {
    await syncRosterBriefly(services, { platform, schoolId, classId, context: message.context, membershipsUrl: message.membershipsUrl });
  }

  if (message.deepLinking) {
    const origin = { platformId: platform.id, deploymentId: message.deploymentId, personId, schoolId, classId: classId ?? null, language: req.language };
    await openPicker(services, req, res, origin, message.deepLinking, framedBy);
    return;
  }
  const targetPath = await landingPath(dataSource, config.baseUrl, { placed: message.placed, targetLinkUri: message.targetLinkUri, roles, classId, personId }, now);
  if (binding === 'storage') {
    // The frame proved itself through the platform's storage because it keeps no cookie: the
    // session cannot live here, so it continues in a first-party window, which gets the second
    // half of the code from this frame only.
    const codes = await createHandoff(dataSource, { personId, signInMethod, targetPath }, now);
    renderFramePage(
      services,
      req,
      res,
      'lti/continue',
      { title: req.t('lti.continue.title'), continueUrl: `${req.basePath}/lti/continue?code=${encodeURIComponent(codes.code)}`, code: codes.code, secret: codes.secret },
      { policy: framedBy },
    );
    return;
  }
  res.redirect(303, `${req.basePath}${targetPath}`);
}
