import { Router, type Request, type Response } from 'express';
import { widenContentSecurityPolicy } from '../../http/security-headers.js';
import { renderFramePage } from '../frame-page.js';
import { originsOfPlatform } from '../platforms/platform-origins.js';
import { countRefusals, enforceRateLimit } from '../rate-limits.js';
import type { LtiServices } from '../services.js';
import { checkLoginRequest, initiateLogin, LOGIN_LIFETIME_MS } from './initiate-login.js';
import { loginBudget, loginBudgetKey } from './login-budget.js';
import { parseLoginRequest } from './login-request.js';
import { setStateCookie } from './state-cookie.js';
import { storageKey } from './storage-key.js';

/**
 * `GET|POST /lti/login`: third-party initiated login. Anyone may call it, so what it refuses is
 * limited per address (a flood of made-up issuers is cut off), and what it accepts per address and
 * deployment, within a budget sized from the deployment's roster (a school behind one address is
 * never held back; see `login-budget.ts`).
 * Binds a fresh state to the browser (a cookie, and the platform's postMessage storage when it
 * offers `lti_storage_target`), then sends the browser to the platform's authorization endpoint.
 *
 * @see https://www.imsglobal.org/spec/security/v1p0/#openid_connect_launch_flow
 */
export function createLoginRouter(services: LtiServices): Router {
  const router = Router();
  const { dataSource, clock, config } = services.context;

  const handle = async (req: Request, res: Response) => {
    const request = parseLoginRequest(req.method === 'GET' ? req.query : req.body);
    await services.configuredPlatformsReady();
    const { platform, deployment } = await checkLoginRequest(dataSource, config.baseUrl, request);
    // From here on, whatever this answers (a refusal included) shows in the platform's frame.
    const framedBy = { frameAncestors: originsOfPlatform(platform) };
    widenContentSecurityPolicy(req, res, config, framedBy);
    const now = clock.now();
    const address = req.ip ?? 'unknown';
    await enforceRateLimit(dataSource, res, loginBudgetKey(address, platform, deployment), await loginBudget(dataSource, platform, deployment, now), now);
    const login = await initiateLogin(dataSource, config.baseUrl, platform, request, now);
    setStateCookie(req, res, login.state, config.session.crossSiteCookies, LOGIN_LIFETIME_MS);
    if (login.storageBinding !== null && request.lti_storage_target !== undefined) {
      renderFramePage(
        services,
        req,
        res,
        'lti/login-storage',
        {
          title: req.t('lti.login.title'),
          authorizationUrl: login.authorizationUrl,
          storageTarget: request.lti_storage_target,
          storageKey: storageKey(login.state),
          storageValue: login.storageBinding,
          platformOrigin: new URL(platform.authLoginUrl).origin,
        },
        { policy: framedBy },
      );
      return;
    }
    res.set('Cache-Control', 'no-store').redirect(302, login.authorizationUrl);
  };
  router.get('/lti/login', handle);
  router.post('/lti/login', handle);
  router.use('/lti/login', countRefusals(dataSource, clock));
  return router;
}
