/*
 * Raw baseline for the parent's home page: node:http and mysql2 only, running the same SQL as the
 * module and rendering the same Handlebars template with the same catalog. What it leaves out is
 * exactly what the module adds: Express, middleware, TypeORM, the policy (image rights and who may
 * answer an authorisation are applied by direct rules that give the same answer for a parent), the logs.
 * The page is news first: each child's new photos since the parent's last visit (the first
 * timeline page), unread messages, requests waiting for an answer, the next publication slot.
 */
import { rawConsentScopes } from './raw-consents.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parse as parseCookies } from 'cookie';
import { SESSION_SQL } from '../../src/auth/session-store.js';
import type { RowDataPacket } from 'mysql2/promise';
import { FOLLOWED_CHILDREN_SQL, followedChildrenParameters } from '../../src/directory/followed-children.js';
import { teachersOfClassesSql } from '../../src/directory/teachers-of-classes.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { VIEWS_DIR } from '../../src/paths.js';
import { actorFactsQuery } from '../../src/policy/load-actor.js';
import { createViewEngine } from '../../src/views/engine.js';
import { currentImageConsentsQuery } from '../../src/directory/image-consents.js';
import { LAST_VISIT_SQL, MAX_THUMBNAILS } from '../../src/home/family-news.js';
import { AWAITING_MY_ANSWER_WHERE } from '../../src/messaging/awaiting-answers.js';
import { MESSAGE_SELECT } from '../../src/messaging/load-message.js';
import { readSchoolSettings } from '../../src/model/school-settings.js';
import { nextPublicationSlot } from '../../src/portfolio/publication-slots.js';
import { entryDetailsSql, TIMELINE_PAGE_SIZE, timelinePageQuery } from '../../src/portfolio/timeline-queries.js';
import { rawPool as pool } from './raw-pool.js';
import { frenchLayoutLocals, isMainScript, serveRawPage } from './raw-server.js';

const views = createViewEngine();
const t = createTranslator().forLanguage('fr');
const homeView = path.join(VIEWS_DIR, 'home', 'index.hbs');

/** The parent's home page, from the session cookie. */
export async function renderHome(cookieHeader: string | undefined): Promise<{ status: number; html: string }> {
  const token = cookieHeader ? parseCookies(cookieHeader).ecarnet_session : undefined;
  if (!token) return { status: 401, html: 'sign in' };
  const [sessions] = await pool.query<RowDataPacket[]>(SESSION_SQL, [createHash('sha256').update(token).digest('hex')]);
  const session = sessions[0];
  const now = new Date();
  if (!session || new Date(session.expiresAt).getTime() <= now.getTime()) return { status: 401, html: 'expired' };

  const facts = actorFactsQuery(session.personId, now);
  const [factRows] = await pool.query<RowDataPacket[]>(facts.sql, facts.parameters);
  const statusOf = new Map(factRows.filter((row) => row.fact === 'guardian').map((row) => [row.ref as string, row.detail as string]));
  const [rows] = await pool.query<RowDataPacket[]>(FOLLOWED_CHILDREN_SQL, followedChildrenParameters(session.personId, now));

  const children = new Map<string, { row: RowDataPacket; classIds: string[] }>();
  for (const row of rows) {
    const entry = children.get(row.childId) ?? { row, classIds: [] };
    if (row.classId) entry.classIds.push(row.classId);
    children.set(row.childId, entry);
  }
  const classIds = [...new Set([...children.values()].flatMap((child) => child.classIds))];
  const at = now.toISOString().replace('T', ' ').replace('Z', '');
  const [teacherRows] = classIds.length
    ? await pool.query<RowDataPacket[]>(teachersOfClassesSql(classIds.length), [...classIds, at, at])
    : [[] as RowDataPacket[]];
  const teachers = new Map<string, object[]>();
  for (const row of teacherRows) {
    teachers.set(row.classId, [
      ...(teachers.get(row.classId) ?? []),
      { id: row.id, givenName: row.givenName, familyName: row.familyName, isMainTeacher: row.isMainTeacher === 1 },
    ]);
  }
  const classRow = new Map(rows.map((row) => [row.classId, row]));
  const [news, threads, awaiting] = await Promise.all([
    Promise.all([...children.values()].map(({ row }) => childNews(row, session.personId as string, statusOf, now))),
    unreadCount(session.personId as string),
    awaitingAnswer(session.personId as string, statusOf),
  ]);

  const html = await views.renderView(homeView, {
    ...frenchLayoutLocals(t, session as { personId: string; csrfToken: string; givenName: string; familyName: string }),
    title: t('home.title'),
    person: { givenName: session.givenName, familyName: session.familyName },
    children: [...children.values()].map(({ row, classIds: ids }) => ({
      id: row.childId,
      givenName: row.givenName,
      familyName: row.familyName,
      status: row.status,
      schoolId: row.schoolId,
      schoolName: row.schoolName,
      classes: ids.map((id) => ({ id, name: classRow.get(id)!.className, levels: classRow.get(id)!.levels, teachers: teachers.get(id) ?? [] })),
      news: news.find((item) => item.childId === row.childId),
    })),
    unread: threads,
    unreadToday: 0,
    awaitingAnswer: awaiting,
    missingAnswers: null,
    ownPortfolioId: null,
    navUnread: threads,
    bottomNav: { current: 'home' },
    taughtClasses: null,
    ledSchools: [],
    ownClasses: null,
    showFamily: true,
    showTeaching: false,
    showPupil: false,
  });
  return { status: 200, html };
}

/** A child's news: the first timeline page's entries since the parent's last visit, their visible photos and videos. */
async function childNews(child: RowDataPacket, personId: string, statusOf: ReadonlyMap<string, string>, now: Date) {
  const page = timelinePageQuery(child.childId as string, now, 'family');
  const [[rows], [visits], [schools]] = await Promise.all([
    pool.query<RowDataPacket[]>(page.sql, page.parameters),
    pool.query<RowDataPacket[]>(LAST_VISIT_SQL, [child.childId, personId]),
    pool.query<RowDataPacket[]>('SELECT timezone, settingsJson FROM school WHERE id = ?', [child.schoolId]),
  ]);
  const entries = rows.slice(0, TIMELINE_PAGE_SIZE);
  const entryIds = entries.map((row) => row.id as string);
  const [mediaRows] = entryIds.length ? await pool.query<RowDataPacket[]>(entryDetailsSql.media(entryIds.length), entryIds) : [[] as RowDataPacket[]];
  const tags = mediaRows.filter((row) => row.taggedPupilId !== null).map((row) => ({ mediumId: row.id as string, pupilId: row.taggedPupilId as string }));
  const tagged = [...new Set(tags.map((tag) => tag.pupilId))];
  const consentQuery = currentImageConsentsQuery(child.schoolId as string, tagged, now);
  const [consentRows] = tagged.length ? await pool.query<RowDataPacket[]>(consentQuery.sql, consentQuery.parameters) : [[] as RowDataPacket[]];
  // Class moments and portfolio entries each follow their own purpose's consent.
  const consents = { classMoments: rawConsentScopes(consentRows, 'classMoments'), portfolio: rawConsentScopes(consentRows, 'portfolio') };
  const audienceOf = new Map(entries.map((row) => [row.id as string, row.audience as string]));
  const entryOf = new Map(mediaRows.map((row) => [row.id as string, row.entryId as string]));
  const scopes = (mediumId: string) => (audienceOf.get(entryOf.get(mediumId) ?? '') === 'class' ? consents.classMoments : consents.portfolio);
  // A parent of the class: each tagged child must be their own or consent for the class or school.
  const own = (pupilId: string) => statusOf.has(pupilId) && statusOf.get(pupilId) !== 'noAccess';
  const visible = (mediumId: string) => tags.filter((tag) => tag.mediumId === mediumId).every((tag) => own(tag.pupilId) || ['class', 'school'].includes(scopes(mediumId).get(tag.pupilId) ?? 'none'));
  const lastVisit = visits[0]?.at ? new Date(visits[0].at as Date) : null;
  const fresh = entries.filter((row) => lastVisit === null || new Date(row.seenFrom as Date).getTime() > lastVisit.getTime());
  const media = mediaRows
    .filter((row, index) => index === 0 || mediaRows[index - 1]!.id !== row.id)
    .filter((row) => fresh.some((entry) => entry.id === row.entryId) && (row.kind === 'photo' || row.kind === 'video') && visible(row.id as string));
  // Media come by entry; the module lists them newest entry first, in each entry's order.
  const ordered = fresh.flatMap((entry) => media.filter((row) => row.entryId === entry.id)).map((row) => ({ id: row.id, entryId: row.entryId, kind: row.kind, hasScreen: Number(row.hasScreen) === 1 }));
  const school = schools[0]!;
  const slots = readSchoolSettings(school as { settingsJson: string }).portfolio.publicationSlots;
  return {
    childId: child.childId as string,
    lastVisit,
    newEntryCount: fresh.length,
    media: ordered.slice(0, MAX_THUMBNAILS),
    newMediaCount: ordered.length,
    nextSlot: slots.length > 0 ? nextPublicationSlot(slots, school.timezone as string, now) : null,
    timezone: school.timezone as string,
  };
}

/** Unread messages among the reader's latest 200 (the inbox's SQL); a recalled one waits for no one. */
async function unreadCount(personId: string): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT m.id AS id, m.recalledAt AS recalledAt, r.personId AS ownPerson, r.readAt AS readAt
       FROM message m
       JOIN person s ON s.id = m.senderId
       LEFT JOIN message_recipient r ON r.messageId = m.id AND r.personId = ?
      WHERE (r.personId IS NOT NULL OR m.senderId = ?)
      ORDER BY m.createdAt DESC, m.id
      LIMIT 200`,
    [personId, personId],
  );
  return rows.filter((row) => row.ownPerson && row.recalledAt === null && row.readAt === null).length;
}

/** Requests and invitations waiting for the parent's answer; an authorisation only with full parental authority. */
async function awaitingAnswer(personId: string, statusOf: ReadonlyMap<string, string>) {
  const [rows] = await pool.query<RowDataPacket[]>(`${MESSAGE_SELECT} WHERE ${AWAITING_MY_ANSWER_WHERE}`, [personId]);
  return rows
    .filter((row) => row.requestKind !== 'authorisation' || statusOf.get(row.ownPupil as string) === 'full')
    .map((row) => ({
      messageId: row.id,
      kind: row.kind,
      requestKind: row.requestKind,
      subject: row.subject,
      senderName: `${row.senderGiven} ${row.senderFamily}`,
      sentAt: row.createdAt,
      missingAnswers: 0,
    }));
}

if (isMainScript(import.meta.url)) serveRawPage((_url, cookie) => renderHome(cookie), pool, '/home');
