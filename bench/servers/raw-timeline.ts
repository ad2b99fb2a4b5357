/*
 * Raw baseline for a child's portfolio timeline: node:http and mysql2 only, running the same SQL
 * as the module (session, actor, pupil, timeline page with authors, media with tags, skills, consents) and
 * rendering the same Handlebars template with the same catalog. It leaves out what the module
 * adds: Express, middleware, TypeORM, the policy (image rights are applied by a direct rule that
 * gives the same answer for a parent), the logs.
 */
import { rawConsentScopes } from './raw-consents.js';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { parse as parseCookies } from 'cookie';
import type { RowDataPacket } from 'mysql2/promise';
import { SESSION_SQL } from '../../src/auth/session-store.js';
import { currentImageConsentsQuery } from '../../src/directory/image-consents.js';
import { findPupilEverywhereQuery } from '../../src/directory/pupil-facts.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { VIEWS_DIR } from '../../src/paths.js';
import { actorFactsQuery } from '../../src/policy/load-actor.js';
import { timelineLabels } from '../../src/portfolio/timeline-labels.js';
import { entryDetailsSql, TIMELINE_PAGE_SIZE, timelinePageQuery } from '../../src/portfolio/timeline-queries.js';
import { createViewEngine } from '../../src/views/engine.js';
import { rawPool as pool } from './raw-pool.js';
import { frenchLayoutLocals, isMainScript, serveRawPage } from './raw-server.js';

const views = createViewEngine();
const t = createTranslator().forLanguage('fr');
const timelineView = path.join(VIEWS_DIR, 'portfolio', 'timeline.hbs');

/** A child's portfolio timeline (`/children/:id/portfolio`), from the URL and the session cookie. */
export async function renderTimeline(url: string, cookieHeader: string | undefined): Promise<{ status: number; html: string }> {
  const token = cookieHeader ? parseCookies(cookieHeader).ecarnet_session : undefined;
  if (!token) return { status: 401, html: 'sign in' };
  const [sessions] = await pool.query<RowDataPacket[]>(SESSION_SQL, [createHash('sha256').update(token).digest('hex')]);
  const session = sessions[0];
  const now = new Date();
  if (!session || new Date(session.expiresAt).getTime() <= now.getTime()) return { status: 401, html: 'expired' };
  const facts = actorFactsQuery(session.personId, now);
  const [factRows] = await pool.query<RowDataPacket[]>(facts.sql, facts.parameters);
  const ownChildren = new Set(factRows.filter((row) => row.fact === 'guardian' && row.detail !== 'noAccess').map((row) => row.ref as string));

  const pupilId = url.split('/')[2]!;
  const pupilQuery = findPupilEverywhereQuery(pupilId, now);
  const [pupilRows] = await pool.query<RowDataPacket[]>(pupilQuery.sql, pupilQuery.parameters);
  const pupil = pupilRows[0]!;
  if (!ownChildren.has(pupilId)) return { status: 404, html: 'not found' };

  const page = timelinePageQuery(pupilId, now, 'family');
  const [rows] = await pool.query<RowDataPacket[]>(page.sql, page.parameters);
  const entries = rows.slice(0, TIMELINE_PAGE_SIZE);
  const entryIds = entries.map((row) => row.id as string);
  const [[mediaRows], [skills]] = await Promise.all([
    pool.query<RowDataPacket[]>(entryDetailsSql.media(entryIds.length), entryIds),
    pool.query<RowDataPacket[]>(entryDetailsSql.skills(entryIds.length), entryIds),
  ]);
  const media = mediaRows.filter((row, index) => index === 0 || mediaRows[index - 1]!.id !== row.id);
  const tags = mediaRows.filter((row) => row.taggedPupilId !== null).map((row) => ({ mediumId: row.id as string, pupilId: row.taggedPupilId as string }));
  const tagged = [...new Set(tags.map((row) => row.pupilId as string))];
  const consentQuery = currentImageConsentsQuery(pupil.schoolId as string, tagged, now);
  const [consentRows] = await pool.query<RowDataPacket[]>(consentQuery.sql, consentQuery.parameters);
  // Class moments and portfolio entries each follow their own purpose's consent.
  const consents = { classMoments: rawConsentScopes(consentRows, 'classMoments'), portfolio: rawConsentScopes(consentRows, 'portfolio') };
  const audienceOf = new Map(entries.map((row) => [row.id as string, row.audience as string]));
  const entryOf = new Map(media.map((row) => [row.id as string, row.entryId as string]));
  const scopes = (mediumId: string) => (audienceOf.get(entryOf.get(mediumId) ?? '') === 'class' ? consents.classMoments : consents.portfolio);
  // A parent of the class: each tagged child must be their own or consent for the class or school.
  const visible = (mediumId: string) =>
    tags.filter((tag) => tag.mediumId === mediumId).every((tag) => ownChildren.has(tag.pupilId as string) || ['class', 'school'].includes(scopes(mediumId).get(tag.pupilId as string) ?? 'none'));

  // The module records each view in the child's access history: the baseline does the same write.
  await pool.query(
    'INSERT INTO portfolio_access (id, schoolId, pupilId, channel, personId, grantId, deviceFamily, network, at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)',
    [randomUUID(), pupil.schoolId, pupilId, 'account', session.personId, 'other', '127.0.0.0/24', now],
  );
  const html = await views.renderView(timelineView, {
    ...frenchLayoutLocals(t, session as { personId: string; csrfToken: string; givenName: string; familyName: string }),
    // The links the module's pages offer between the translation and the words as written.
    originalHref: '?original=1',
    translatedHref: '?',
    listenQuery: '',
    showOriginal: false,
    title: t('portfolio.timeline.title', { name: pupil.givenName }),
    timezone: pupil.timezone,
    pupil: { id: pupil.id, givenName: pupil.givenName },
    entries: entries.map((row) => {
      return {
        id: row.id,
        audience: row.audience,
        momentKind: row.momentKind,
        title: row.title,
        comment: row.comment,
        seenFrom: row.seenFrom,
        author: { givenName: row.authorGivenName, familyName: row.authorFamilyName },
        origin: row.originSchoolName === null ? undefined : { schoolName: row.originSchoolName, authorName: row.originAuthorName },
        media: media
          .filter((medium) => medium.entryId === row.id && visible(medium.id as string))
          .map((medium) => ({ id: medium.id, kind: medium.kind, width: medium.width ?? null, height: medium.height ?? null })),
        skills: skills.filter((skill) => skill.entryId === row.id).map((skill) => ({ label: skill.label, level: skill.level })),
        canRespond: true,
        // A French reader of French entries: the module's translation step shows them as written.
        translation: { shownAs: 'original', language: 'fr', writtenIn: 'fr' },
      };
    }),
    next: rows.length > TIMELINE_PAGE_SIZE ? `${new Date(entries.at(-1)!.seenFrom as Date).getTime()}.${entries.at(-1)!.id as string}` : undefined,
    labels: timelineLabels(t),
    showSharing: true,
    bottomNav: { current: 'portfolio' },
  });
  return { status: 200, html };
}

if (isMainScript(import.meta.url)) serveRawPage(renderTimeline, pool);
