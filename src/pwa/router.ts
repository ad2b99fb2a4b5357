import { Router, type Request } from 'express';
import { z } from 'zod';
import type { ModuleContext } from '../context.js';
import { parseAcceptLanguage, pickLanguage, textDirection, UI_LANGUAGES } from '../i18n/languages.js';
import { webAppManifest } from './web-manifest.js';
import { serviceWorkerScript } from './worker-script.js';

const offlineParams = z.object({ lang: z.enum(UI_LANGUAGES) });

/** The language a request states in `?lang=`, else its browser's, else French. */
function statedLanguage(req: Request) {
  return pickLanguage([typeof req.query.lang === 'string' ? req.query.lang : undefined, ...parseAcceptLanguage(req.get('accept-language'))]);
}

/**
 * The installable app's public files, mounted before sessions (they carry nobody's data):
 * - `GET /app.webmanifest?lang=xx`: the web app manifest in that language (browsers fetch it
 *   without cookies, so the page names its language in the link);
 * - `GET /service-worker.js`: the one service worker (offline reading and Web Push), from the
 *   module's root so that its scope covers every page wherever the module is mounted;
 *   `/push-worker.js`, where phones registered the earlier push-only worker, serves the same
 *   script so that their registration is updated to it;
 * - `GET /offline/:lang`: the page shown offline for what was never opened, without anyone's name.
 */
export function createAppShellRouter(context: ModuleContext): Router {
  const router = Router();
  const script = serviceWorkerScript();

  router.get('/app.webmanifest', (req, res) => {
    const language = statedLanguage(req);
    res
      .type('application/manifest+json')
      .set({ 'Cache-Control': 'no-cache', 'Content-Language': language, Vary: 'Accept-Language' })
      .send(JSON.stringify(webAppManifest(req.basePath, language, context.translator.forLanguage(language))));
  });

  for (const workerPath of ['/service-worker.js', '/push-worker.js']) {
    router.get(workerPath, (_req, res) => {
      // Fetched fresh every time: a new version must take over at the next visit.
      res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }).send(script);
    });
  }

  router.get('/offline/:lang', (req, res, next) => {
    const parsed = offlineParams.safeParse(req.params);
    if (!parsed.success) return next();
    const language = parsed.data.lang;
    const t = context.translator.forLanguage(language);
    Object.assign(res.locals, {
      t,
      lang: language,
      dir: textDirection(language),
      signedIn: false,
      // No language switcher: its links lead to pages that cannot be reached offline.
      languages: [],
    });
    res.set({ 'Cache-Control': 'no-cache', 'Content-Language': language }).render('pwa/offline', { title: t('pwa.offline.title') });
  });

  return router;
}
