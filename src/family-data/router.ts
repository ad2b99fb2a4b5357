import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { appRoute } from '../api/api-route.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { ModuleContext } from '../context.js';
import { runInTransaction } from '../db/transaction.js';
import { validated } from '../http/validated.js';
import { contentDisposition } from '../media/index.js';
import { collectFamilyData } from './collect-family-data.js';
import { shareOneArchive } from './share-one-archive.js';
import { streamFamilyArchive } from './stream-family-archive.js';

/** `GET /me/data.zip`, as the OpenAPI document describes it. */
export const familyDataExportRoute = appRoute({
  method: 'get',
  path: '/me/data.zip',
  summary:
    "Everything the schools hold about the signed-in guardian (or pupil of age) and the children they follow, as a ZIP: index.html, family-data.json (docs/family-data-format.md), message files and each child's portfolio archive",
  tag: 'family data',
  signedIn: true,
  download: 'application/zip',
});

/**
 * The family's own data (RGPD articles 15 and 20): `/me/data` explains what the archive holds,
 * `/me/data.zip` streams it. Two downloads asked at once by the same person share one archive.
 */
export function createFamilyDataRouter(context: ModuleContext): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  router.get('/me/data', signedIn, (req, res) => {
    res.set('Cache-Control', 'private, no-store').render('family-data/page', { title: req.t('familyData.page.title') });
  });

  router.get(familyDataExportRoute.path, signedIn, validated(familyDataExportRoute, async (_input, req, res) => {
    const actor = actorOf(req);
    await shareOneArchive(
      actor.personId,
      async (file) => {
        // Everything that can be refused is decided here, before the first byte is sent.
        const plan = await collectFamilyData(context, actor);
        await pipeline(streamFamilyArchive(context.media.storage, plan, req.language), fs.createWriteStream(file));
        await runInTransaction(context.dataSource, async (manager) => {
          for (const school of plan.data.schools) {
            await recordAuditEvent(manager, {
              schoolId: school.id,
              actorId: actor.personId,
              action: 'familyData.exported',
              subjectKind: 'person',
              subjectId: actor.personId,
              detail: { children: plan.data.children.filter((child) => child.schoolId === school.id).map((child) => child.id), messages: plan.data.messages.length },
              at: context.clock.now(),
            });
          }
        });
      },
      async (file) => {
        res.set({
          'Content-Type': 'application/zip',
          'Content-Disposition': contentDisposition('attachment', 'e-carnet-mes-donnees.zip'),
          'Content-Length': String((await fs.promises.stat(file)).size),
          'Cache-Control': 'private, no-store',
        });
        try {
          await pipeline(fs.createReadStream(file), res);
        } catch (error) {
          // Once bytes went out there is no error page to give: the family sees a cut download.
          context.logger.info({ err: error, personId: actor.personId }, 'family data download cut short');
        }
      },
    );
  }));

  return router;
}
