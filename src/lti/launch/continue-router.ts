import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../http/errors.js';
import { isUiLanguage } from '../../i18n/languages.js';
import { Person } from '../../model/person.js';
import { renderFramePage } from '../frame-page.js';
import type { LtiServices } from '../services.js';
import { isSameOriginPost } from './browser-binding.js';
import { checkHandoff, findHandoff, spendHandoff } from './handoff.js';

const continueForm = z.object({
  code: z.string().max(200).default(''),
  secret: z.string().max(200).default(''),
  /** Sent by the person who saw whose session this window would replace, and chose to go on. */
  confirm: z.literal('1').optional(),
});

/**
 * `/lti/continue`: a launch checked in the ENT frame, continued in a first-party window (the frame
 * keeps no cookie). The window's URL carries half of a one-time code; its page asks the frame that
 * opened it for the other half (postMessage, origin checked both ways), then posts both with its
 * CSRF token. A link opened anywhere else (forwarded, or forced on someone by another site) has
 * no opener to ask and opens nothing. A window already signed in as someone else is never
 * switched silently: the person is asked first.
 */
export function createContinueRoutes(services: LtiServices): Router {
  const router = Router();
  const { dataSource, clock, sessions, config } = services.context;
  const toolOrigin = new URL(config.baseUrl).origin;

  router.get('/lti/continue', async (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    await findHandoff(dataSource, code, clock.now());
    // The form below needs a CSRF token, hence a (still anonymous) session in this window.
    const session = await sessions.ensure(req, res);
    // This window must keep its opener (the frame holding the other half): the module's
    // `same-origin-allow-popups` would cut it, the frame's top page being the ENT's.
    res.set('Cross-Origin-Opener-Policy', 'unsafe-none');
    renderFramePage(services, req, res, 'lti/continue-window', { title: req.t('lti.continue.windowTitle'), code, csrfToken: session.csrfToken });
  });

  router.post('/lti/continue', async (req, res) => {
    if (!isSameOriginPost(req, toolOrigin)) throw new AppError('LTI_HANDOFF_INVALID');
    const form = continueForm.safeParse(req.body);
    if (!form.success) throw new AppError('LTI_HANDOFF_INVALID');
    const now = clock.now();
    const handoff = await checkHandoff(dataSource, { code: form.data.code, secret: form.data.secret }, now);
    const person = await dataSource.getRepository(Person).findOneByOrFail({ id: handoff.personId });
    const current = req.ecarnetSession?.person;
    if (current && req.ecarnetSession?.personId !== person.id && form.data.confirm === undefined) {
      renderFramePage(services, req, res, 'lti/continue-confirm', {
        title: req.t('lti.continue.confirmTitle'),
        code: form.data.code,
        secret: form.data.secret,
        csrfToken: req.ecarnetSession?.csrfToken,
        launched: person,
        current,
      });
      return;
    }
    const spent = await spendHandoff(dataSource, handoff, now);
    await sessions.start(req, res, person.id, spent.signInMethod, preferredLanguage(person));
    res.set('Cache-Control', 'no-store').redirect(303, `${req.basePath}${spent.targetPath}`);
  });

  return router;
}

function preferredLanguage(person: Person): string | null {
  return isUiLanguage(person.preferredLanguage) ? person.preferredLanguage : null;
}
