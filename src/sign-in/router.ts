import { Router } from 'express';
import { safeReturnPath } from '../auth/require-sign-in.js';
import { providerLogoutUrl } from '../auth/sign-out.js';
import { connectorRegistryFor } from '../connectors/registry.js';
import type { ModuleContext } from '../context.js';
import { signInMethods } from './sign-in-methods.js';

/** The entry pages: sign-in choice and sign-out. */
export function createSignInRouter(context: ModuleContext): Router {
  const router = Router();
  const registry = connectorRegistryFor(context.config);

  router.get('/', (req, res) => {
    res.redirect(303, `${req.basePath}${req.ecarnetSession?.personId ? '/home' : '/sign-in'}`);
  });

  router.get('/sign-in', async (req, res) => {
    if (req.ecarnetSession?.personId) {
      res.redirect(303, safeReturnPath(req.basePath, req.query.next));
      return;
    }
    const session = await context.sessions.ensure(req, res);
    const next = typeof req.query.next === 'string' ? safeReturnPath(req.basePath, req.query.next) : '';
    const methods = signInMethods(registry, req.basePath, req.query.school, next);
    const demo = context.config.mode === 'demo';
    res.set('Cache-Control', 'no-store').render('sign-in/choose', {
      title: req.t('signIn.title'),
      csrfToken: session.csrfToken,
      expired: req.query.expired === '1',
      signedOut: req.query.signedOut === '1',
      next,
      methods,
      demo,
      noMethod: methods.length === 0 && !demo,
    });
  });

  // Ends e-carnet's session, then the identity provider's where the protocol allows it.
  router.post('/sign-out', async (req, res) => {
    const providerUrl = await providerLogoutUrl(context, req);
    await context.sessions.end(req, res);
    // The device forgets what this person read: the HTTP cache, and the service worker's kept
    // pages and offline drafts (browsers honour it on https and on localhost).
    res.set('Clear-Site-Data', '"cache", "storage"');
    res.redirect(303, providerUrl ?? `${req.basePath}/sign-in?signedOut=1`);
  });

  return router;
}
