import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { validated } from '../http/validated.js';
import { pupilParams } from '../http/route-params.js';
import { loadPresentationSlide } from './presentation.js';

/** `?slide=` of the presentation: which entry, from 1 (the oldest). */
const slideQuery = z.object({ slide: z.coerce.number().int().min(1).max(10_000).default(1) });

/**
 * The pupil's own pages: "show my parents", their published work one entry at a time, with
 * big photos and previous / next links (and the arrow keys), for a pupil to walk their family
 * through as they would their exercise books.
 */
export function createPupilSpaceRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);
  router.get('/children/:pupilId/presentation', signedIn, validated({ params: pupilParams, query: slideQuery }, async ({ params: { pupilId }, query: { slide } }, req, res) => {
    const shown = await loadPresentationSlide(context.dataSource, actorOf(req), pupilId, slide, context.clock.now());
    res.set('Cache-Control', 'private, no-store').render('pupil-space/presentation', {
      title: req.t('pupilSpace.presentation.title', { name: shown.pupil.givenName }),
      timezone: shown.pupil.timezone,
      stylesheets: ['/static/pupil-space.css'],
      ...shown,
      photos: shown.entry?.media.filter((medium) => medium.kind === 'photo') ?? [],
      others: shown.entry?.media.filter((medium) => medium.kind !== 'photo') ?? [],
      previous: shown.position > 1 ? shown.position - 1 : null,
      next: shown.position < shown.total ? shown.position + 1 : null,
    });
  }));
  return router;
}
