import { Router } from 'express';
import { appRoute } from '../../api/api-route.js';
import { pipeline } from 'node:stream';
import { z } from 'zod';
import { actorOf, requireSignIn } from '../../auth/require-sign-in.js';
import type { ModuleContext } from '../../context.js';
import { contentDisposition } from '../../media/index.js';
import { wantsJson } from '../../http/negotiation.js';
import { classParams, pupilParams } from '../../http/route-params.js';
import { validated } from '../../http/validated.js';
import { streamPortfolioArchive } from './build-portfolio-archive.js';
import { collectPortfolioExport } from './collect-portfolio-export.js';
import { importPortfolioArchive } from './import-portfolio-archive.js';
import { keepStoredMedia } from './keep-stored-media.js';

/** `?pupilId=`: the child of the class the archive is imported for (a query, as the multipart body streams). */
const importQuery = z.object({ pupilId: z.uuid() });

/** `GET /children/:pupilId/portfolio.zip`, as the OpenAPI document describes it. */
export const portfolioExportRoute = appRoute({
  method: 'get',
  path: '/children/:pupilId/portfolio.zip',
  summary: "A child's whole portfolio as a ZIP: an offline index, the media and a JSON description (docs/portfolio-archive-format.md)",
  tag: 'portfolio',
  signedIn: true,
  params: pupilParams,
  download: 'application/zip',
});

/** `POST /classes/:classId/portfolio/import`, as the OpenAPI document describes it (JSON when asked for, else a redirect). */
export const portfolioImportRoute = appRoute({
  method: 'post',
  path: '/classes/:classId/portfolio/import',
  summary: "Import a portfolio archive from another school into a pupil's portfolio (multipart field `archive`); entries already there are skipped",
  tag: 'portfolio',
  signedIn: true,
  params: classParams,
  query: importQuery,
  multipart: true,
  response: z.object({ imported: z.object({ entries: z.number().int(), media: z.number().int(), alreadyThere: z.number().int() }) }),
});

/**
 * A child's whole portfolio as a ZIP (`GET /children/:pupilId/portfolio.zip`: families following
 * the child, the class's teachers, the director), and its import into another school's e-carnet
 * (`POST /classes/:classId/portfolio/import?pupilId=…`, multipart fields `_csrf` first, then `archive`: a
 * teacher of the class or the director).
 * @see docs/portfolio-archive-format.md
 */
export function createPortfolioExportRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);
  const { dataSource, clock, logger } = context;

  router.get(portfolioExportRoute.path, signedIn, validated(portfolioExportRoute, async ({ params: { pupilId } }, req, res) => {
    // Everything that can be refused is decided before the first byte: after it, only a cut download.
    const exported = await keepStoredMedia(context.media.storage, await collectPortfolioExport(dataSource, actorOf(req), pupilId, clock.now()), logger);
    res.set({
      'Content-Type': 'application/zip',
      'Content-Disposition': contentDisposition('attachment', `carnet-${exported.pupil.givenName}.zip`),
      'Cache-Control': 'private, no-store',
    });
    pipeline(streamPortfolioArchive(context.media.storage, exported, req.language), res, (error) => {
      if (!error) return;
      // The family closing the tab is not a fault; storage failing midway is.
      const leftEarly = (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE';
      if (leftEarly) logger.info({ pupilId }, 'portfolio export abandoned by the client');
      else logger.error({ err: error, pupilId }, 'portfolio export cut short');
    });
  }));

  router.post(portfolioImportRoute.path, signedIn, validated(portfolioImportRoute, async ({ params: { classId }, query: { pupilId } }, req, res) => {
    const imported = await importPortfolioArchive(context, actorOf(req), classId, pupilId, req, clock.now());
    if (wantsJson(req)) {
      res.status(201).json({ imported });
      return;
    }
    res.redirect(303, `${req.basePath}/children/${pupilId}/portfolio?imported=${imported.entries}&alreadyThere=${imported.alreadyThere}`);
  }));

  return router;
}
