import { Router, type Request, type Response } from 'express';
import { appRoute } from '../api/api-route.js';
import { z } from 'zod';
import { requireFormToken } from '../auth/csrf.js';
import { directoryClasses, syncClassFromDirectory } from '../auth/oidc/class-directory-sync.js';
import { actorOf, requireSignIn } from '../auth/require-sign-in.js';
import type { RosterProblem } from '../connectors/contract.js';
import type { ConnectorRegistry } from '../connectors/registry.js';
import type { ModuleContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { wantsJson } from '../http/negotiation.js';
import { schoolClassParams, schoolImportParams, schoolLinkParams, schoolParams } from '../http/route-params.js';
import { validated } from '../http/validated.js';
import { RosterImport } from '../model/identity-roster-import.js';
import type { School } from '../model/school.js';
import { mergeProposedGuardian } from './merge-proposed-guardian.js';
import { decidePendingLink, listPendingLinks } from './pending-links.js';
import { presentPlan } from './present-plan.js';
import { readRosterForm } from './read-roster-form.js';
import { applyImport, findImport, parseUpload, planFor, saveImport, schoolForImport, summaryOf } from './roster-service.js';

/** The largest export accepted: a school of several thousand pupils fits well under it. */
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const applyInput = z.object({ digest: z.string().regex(/^[0-9a-f]{64}$/) });
const classSyncInput = z.object({ connector: z.string().min(1).max(64) });

/** `POST /schools/:schoolId/classes/:classId/directory-sync`, as the OpenAPI document describes it (JSON when asked for, else a redirect). */
export const directorySyncRoute = appRoute({
  method: 'post',
  path: '/schools/:schoolId/classes/:classId/directory-sync',
  summary: "Read one class's pupils from an ENT directory (director), as a roster import from the ENT",
  tag: 'roster',
  signedIn: true,
  params: schoolClassParams,
  body: classSyncInput,
  response: z.object({ listed: z.number().int(), created: z.number().int() }),
});
const decisionInput = z.object({ decision: z.enum(['approve', 'reject']) });
const mergeInput = z.object({ into: z.uuid() });

/** Problems as fields of a VALIDATION-style error: `line 12, Date naissance` → `invalidDate`. */
function problemFields(problems: readonly RosterProblem[]) {
  return problems.slice(0, 100).map((problem) => ({ field: `line ${problem.line}${problem.column ? `, ${problem.column}` : ''}`, problem: problem.problem }));
}

/**
 * The school's pupil-records import (director only, through `can`): upload an ONDE or SIECLE
 * export, see exactly what will change, apply it. Re-importing the same file changes nothing.
 */
export function createRosterRouter(context: ModuleContext, registry: ConnectorRegistry): Router {
  const router = Router();
  const signedIn = requireSignIn(context.dataSource, context.clock);

  const connectorFor = (school: School, connectorId?: string) => {
    const connectors = registry.rosterConnectors(school.uai);
    const connector = connectorId ? connectors.find((candidate) => candidate.id === connectorId) : connectors[0];
    if (!connector) throw new AppError('NOT_FOUND');
    return connector;
  };

  async function renderImportPage(req: Request, res: Response, school: School, extra: Record<string, unknown> = {}): Promise<void> {
    const connectors = registry.rosterConnectors(school.uai);
    const recent = await context.dataSource.getRepository(RosterImport).find({ where: { schoolId: school.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 10 });
    // Each ENT directory lists the classes that ENT created (their external ref is its class id).
    const directories = [];
    for (const loaded of registry.signInConnectors(school.uai)) {
      if (loaded.connector.protocol !== 'oidc' || loaded.connector.directory === undefined) continue;
      const classes = await directoryClasses(context, loaded.id, school.id);
      if (classes.length > 0) directories.push({ id: loaded.id, name: loaded.displayName, classes });
    }
    res.set('Cache-Control', 'private, no-store').render('roster/import', {
      title: req.t('rosterImport.title'),
      school,
      connectors: connectors.map((loaded) => ({ id: loaded.id, name: loaded.displayName, presets: loaded.connector.presets })),
      presets: connectors[0]?.connector.presets ?? [],
      multipleConnectors: connectors.length > 1,
      recent: recent.map((row) => ({ id: row.id, fileName: row.fileName, status: row.status, createdAt: row.createdAt, applied: summaryOf(row).applied })),
      directories,
      ...extra,
    });
  }

  router.get('/schools/:schoolId/roster-import', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const school = await schoolForImport(context.dataSource, actorOf(req), schoolId);
    await renderImportPage(req, res, school, { appliedNotice: req.query.applied === '1' });
  }));

  // A multipart upload: the CSRF middleware cannot read its body, so the form's token is checked here first.
  router.post('/schools/:schoolId/roster-import', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    // Only someone who may import reads a body (up to 5 MB); its token is checked before its file.
    const actor = actorOf(req);
    const school = await schoolForImport(context.dataSource, actor, schoolId);
    const form = await readRosterForm(req, MAX_UPLOAD_BYTES, (fields) => requireFormToken(req, fields));
    const connector = connectorFor(school, form.fields.get('connector') || undefined);
    const preset = form.fields.get('preset') ?? '';
    const file = form.file;
    if (!file || file.bytes.length === 0 || !connector.connector.presets.includes(preset)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: file ? 'preset' : 'file', problem: 'required' }] });
    }
    const upload = parseUpload(connector, file.bytes, preset);
    if (!upload.ok) {
      const problems = upload.parsed.problems.length > 0 ? upload.parsed.problems : [{ line: 1, problem: 'emptyFile' as const }];
      if (wantsJson(req)) throw new AppError('ROSTER_FILE_INVALID', { fields: problemFields(problems) });
      res.status(400);
      await renderImportPage(req, res, school, { problems: problems.slice(0, 100), fileName: file.filename });
      return;
    }
    const now = context.clock.now();
    const wholeSchool = form.fields.get('wholeSchool') === '1';
    const plan = await planFor(context.dataSource, school, upload.parsed.records, wholeSchool, now);
    const guardians = upload.parsed.records.reduce((sum, record) => sum + record.guardians.length, 0);
    const row = await saveImport(
      context.dataSource,
      {
        school,
        connectorId: connector.id,
        preset,
        fileName: file.filename || 'roster.csv',
        text: upload.text,
        plan,
        summary: { pupils: upload.parsed.records.length, guardians, wholeSchool },
        actorId: actor.personId,
      },
      now,
    );
    res.redirect(303, `${req.basePath}/schools/${school.id}/roster-import/${row.id}`);
  }));

  router.get('/schools/:schoolId/roster-import/:importId', signedIn, validated({ params: schoolImportParams }, async ({ params: { schoolId, importId } }, req, res) => {
    const school = await schoolForImport(context.dataSource, actorOf(req), schoolId);
    const row = await findImport(context.dataSource, school.id, importId);
    const connector = connectorFor(school, row.connectorId);
    const summary = summaryOf(row);
    const plan = await planFor(context.dataSource, school, connector.connector.parse(row.content, row.preset).records, summary.wholeSchool, context.clock.now());
    res.set('Cache-Control', 'private, no-store').render('roster/preview', {
      title: req.t('rosterImport.previewTitle'),
      school,
      importRow: row,
      summary,
      applied: row.status === 'applied',
      digest: plan.digest,
      matchedPupils: plan.matchedPupils,
      ...presentPlan(plan),
    });
  }));

  router.post('/schools/:schoolId/roster-import/:importId/apply', signedIn, validated({ params: schoolImportParams, body: applyInput }, async ({ params: { schoolId, importId }, body: { digest } }, req, res) => {
    const actor = actorOf(req);
    const school = await schoolForImport(context.dataSource, actor, schoolId);
    const row = await findImport(context.dataSource, school.id, importId);
    if (row.status === 'applied') throw new AppError('ROSTER_ALREADY_APPLIED');
    await applyImport(context.dataSource, connectorFor(school, row.connectorId), school, row, digest, actor.personId, context.clock.now());
    res.redirect(303, `${req.basePath}/schools/${school.id}/roster-import?applied=1`);
  }));

  // Reads one class's pupils from an ENT directory (Edifice), as a roster import from the ENT.
  router.post(directorySyncRoute.path, signedIn, validated(directorySyncRoute, async ({ params: { schoolId, classId }, body: { connector } }, req, res) => {
    const school = await schoolForImport(context.dataSource, actorOf(req), schoolId);
    const loaded = registry.oidc(connector);
    if (!loaded?.connector.directory || (loaded.schools.length > 0 && !loaded.schools.includes(school.uai))) throw new AppError('NOT_FOUND');
    const result = await syncClassFromDirectory(context, loaded, school.id, classId);
    if (wantsJson(req)) {
      res.json(result);
      return;
    }
    res.redirect(303, `${req.basePath}/classes/${classId}`);
  }));

  router.get('/schools/:schoolId/pending-links', signedIn, validated({ params: schoolParams }, async ({ params: { schoolId } }, req, res) => {
    const actor = actorOf(req);
    const school = await schoolForImport(context.dataSource, actor, schoolId);
    res.set('Cache-Control', 'private, no-store').render('roster/pending-links', {
      title: req.t('pendingLinks.title'),
      school,
      links: await listPendingLinks(context.dataSource, actor, school.id, context.clock.now()),
      decided: req.query.decided === '1',
      merged: req.query.merged === '1',
    });
  }));

  router.post('/schools/:schoolId/pending-links/:linkId', signedIn, validated({ params: schoolLinkParams, body: decisionInput }, async ({ params: { schoolId, linkId }, body: { decision } }, req, res) => {
    await decidePendingLink(context.dataSource, actorOf(req), schoolId, linkId, decision, context.clock.now());
    res.redirect(303, `${req.basePath}/schools/${schoolId}/pending-links?decided=1`);
  }));

  // The proposed person is the guardian the school recorded under the same names: one person, both identities.
  router.post('/schools/:schoolId/pending-links/:linkId/merge', signedIn, validated({ params: schoolLinkParams, body: mergeInput }, async ({ params: { schoolId, linkId }, body: { into } }, req, res) => {
    await mergeProposedGuardian(context.dataSource, actorOf(req), schoolId, linkId, into, context.clock.now());
    res.redirect(303, `${req.basePath}/schools/${schoolId}/pending-links?merged=1`);
  }));

  return router;
}
