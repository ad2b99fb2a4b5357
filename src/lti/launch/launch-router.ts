import { Router } from 'express';
import { z } from 'zod';
import { AppError, ERROR_STATUS } from '../../http/errors.js';
import { widenContentSecurityPolicy } from '../../http/security-headers.js';
import { renderFramePage } from '../frame-page.js';
import { storageKey } from '../login/storage-key.js';
import { originsOfPlatform } from '../platforms/platform-origins.js';
import type { LtiServices } from '../services.js';
import { browserBinding } from './browser-binding.js';
import { completeLaunch } from './complete-launch.js';
import { createContinueRoutes } from './continue-router.js';
import { countRefusals } from '../rate-limits.js';
import { findLaunchRecords } from './launch-records.js';
import { newWindowFallback } from './new-window.js';
import { cookieWithheldOverPlainHttp } from './plain-http-cross-site.js';

const launchForm = z.object({
  id_token: z.string().max(65_536).optional(),
  state: z.string().min(1).max(200).optional(),
  /** Sent only by our own storage-check page, with the secret read back from the platform. */
  storage_binding: z.string().min(1).max(200).optional(),
  /** An OIDC error response: the platform could not authenticate the user (`login_required`…). */
  error: z.string().max(200).optional(),
});

/**
 * `POST /lti/launch` (the OIDC redirect URI: the platform's form post with the id_token), and
 * `/lti/continue` (a checked launch continued in a new window).
 */
export function createLaunchRouter(services: LtiServices): Router {
  const router = Router();
  const { dataSource, clock, config } = services.context;
  const toolOrigin = new URL(config.baseUrl).origin;

  router.post('/lti/launch', async (req, res) => {
    const form = launchForm.safeParse(req.body);
    if (!form.success || form.data.state === undefined) throw new AppError('LTI_STATE_MISMATCH');
    if (form.data.error !== undefined && !form.data.id_token) throw new AppError('LTI_PLATFORM_REFUSED');
    if (!form.data.id_token) throw new AppError('LTI_TOKEN_MALFORMED');
    const { id_token: idToken, state, storage_binding: storageSecret } = form.data;
    await services.configuredPlatformsReady();
    const { login, platform, prefetched } = await findLaunchRecords(dataSource, state, idToken, clock.now());
    // From here on, whatever this answers (a refusal included) shows in the platform's frame.
    const framedBy = { frameAncestors: originsOfPlatform(platform) };
    widenContentSecurityPolicy(req, res, config, framedBy);
    services.platformOrigins.remember(platform);

    const binding = browserBinding(req, login, state, storageSecret, toolOrigin);
    if (binding === 'checkStorage' || binding === 'unbound') {
      if (binding === 'checkStorage') {
        // Our own origin in the Origin header of the page's post (the module's default policy sends none).
        res.set('Referrer-Policy', 'same-origin');
        renderFramePage(
          services,
          req,
          res,
          'lti/launch-storage',
          {
            title: req.t('lti.launch.checking'),
            idToken,
            state,
            storageTarget: login.storageTarget,
            storageKey: storageKey(state),
            platformOrigin: new URL(platform.authLoginUrl).origin,
            fallback: newWindowFallback(req, platform, login.loginParamsJson),
          },
          { policy: framedBy },
        );
        return;
      }
      // A deployment problem, not the person's: said to them in the page, and to the operator in the
      // log. (A storage secret posted by another site's form is a forgery, not this problem.)
      if (storageSecret === undefined && cookieWithheldOverPlainHttp(req, config.baseUrl)) {
        services.context.logger.warn(
          { platformId: platform.id, issuer: platform.issuer, toolBaseUrl: config.baseUrl, code: 'LTI_HTTPS_REQUIRED' },
          'LTI launch refused: e-carnet is served over plain http and the ENT is on another site, so the browser withheld the state cookie from the ENT’s form post. Serve e-carnet over https.',
        );
        const code = 'LTI_HTTPS_REQUIRED';
        renderFramePage(services, req, res, 'lti/https-required', { title: req.t('lti.httpsRequired.title'), code, status: ERROR_STATUS[code] }, { status: ERROR_STATUS[code], policy: framedBy });
        return;
      }
      const fallback = newWindowFallback(req, platform, login.loginParamsJson);
      renderFramePage(
        services,
        req,
        res,
        'lti/cookies-blocked',
        { title: req.t(fallback.framed ? 'lti.blocked.title' : 'lti.blocked.titleWindow'), code: 'LTI_STATE_MISMATCH', fallback },
        { status: 401, policy: framedBy },
      );
      return;
    }
    await completeLaunch(services, req, res, platform, login, state, idToken, binding, prefetched);
  });
  // A launch refused (a state never issued, a token failing a check) counts against its address,
  // as a refused login initiation does: a flood of forged launches is cut off.
  router.use('/lti/launch', countRefusals(dataSource, clock));

  router.use(createContinueRoutes(services));
  return router;
}
