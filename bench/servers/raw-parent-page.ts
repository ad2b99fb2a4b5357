/*
 * Raw baseline for the parent's home page: node:http and mysql2 only, running the same SQL as the
 * module and rendering the same Handlebars template with the same catalog. What it leaves out is
 * exactly what the module adds: Express, middleware, TypeORM, the policy, the logs.
 */
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
  await pool.query(facts.sql, facts.parameters);
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

  const html = await views.renderView(homeView, {
    ...frenchLayoutLocals(t, session as { csrfToken: string; givenName: string; familyName: string }),
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
    })),
    taughtClasses: null,
    ledSchools: [],
    ownClasses: null,
    showFamily: true,
    showTeaching: false,
    showPupil: false,
  });
  return { status: 200, html };
}

if (isMainScript(import.meta.url)) serveRawPage((_url, cookie) => renderHome(cookie), pool, '/home');
