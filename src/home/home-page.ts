import type { DataSource } from 'typeorm';
import { listAwaitingMyAnswer, listMissingAnswers, type RequestSummary } from '../messaging/awaiting-answers.js';
import { listInbox } from '../messaging/inbox.js';
import type { MessagingDeps } from '../messaging/messaging-deps.js';
import { localDate } from '../school-year/local-time.js';
import { loadFamilyNews, type ChildNews } from './family-news.js';
import { ownPortfolioOf } from './portfolio-place.js';
import { loadPupilHome, type PupilHome } from '../pupil-space/pupil-home.js';
import { listClasses, listSchoolClasses, type ClassOverview } from '../directory/classes.js';
import { listFollowedChildren, type FollowedChild } from '../directory/followed-children.js';
import { ledSchoolIds, type Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { rhythmReminders, type RhythmReminder } from '../portfolio/rhythm-reminders.js';

/** A school in which the actor has a staff-side role, with its classes. */
interface SchoolSection {
  readonly id: string;
  readonly name: string;
  readonly classes: readonly ClassOverview[];
  readonly canViewAudit: boolean;
  readonly canViewRetention: boolean;
  /** Import the school's pupil records and confirm the parent links identity providers proposed. */
  readonly canImportRoster: boolean;
  /** Connect the school's ENT (LTI registrations). */
  readonly canManageIntegrations: boolean;
  /** Read the school's settings (its staff and teachers); the director changes them there. */
  readonly canViewSettings: boolean;
}

/** The home page, news first, then one section per role the person holds. */
interface HomePage {
  readonly children: readonly (FollowedChild & { news: ChildNews | undefined })[] | null;
  /** Messages the person has not opened yet, across their threads (the inbox's own count). */
  readonly unread: number;
  /** Of those, the ones received today (the teacher's "today"), in the time zone of the person's first school. */
  readonly unreadToday: number;
  /** Requests and invitations waiting for the person's own answer (families). */
  readonly awaitingAnswer: readonly RequestSummary[];
  /** The person's own requests that families have not all answered (teachers and the school). */
  readonly missingAnswers: readonly RequestSummary[] | null;
  /** The pupil's own portfolio, when the policy lets them open it. */
  readonly ownPortfolioId: string | null;
  readonly taughtClasses: readonly (ClassOverview & { reminder: RhythmReminder | undefined })[] | null;
  readonly ledSchools: readonly SchoolSection[];
  readonly ownClasses: readonly ClassOverview[] | null;
  /** A pupil's own place: their contributions, "show my parents", their teachers to ask. */
  readonly pupilHome: PupilHome | null;
}

/** Gathers the sections of the home page that the actor's roles call for. */
export async function buildHomePage(deps: MessagingDeps, actor: Actor, now: Date): Promise<HomePage> {
  const { dataSource } = deps;
  const roles = [...actor.rolesBySchool.values()];
  const isGuardian = roles.some((set) => set.has('parent')) || actor.guardianships.size > 0;
  const isTeacher = roles.some((set) => set.has('teacher'));
  const isPupil = roles.some((set) => set.has('pupil'));

  const isSender = isTeacher || ledSchoolIds(actor).length > 0;

  const [children, taughtClasses, ledSchools, ownClasses, threads, awaitingAnswer, missingAnswers, timezone] = await Promise.all([
    isGuardian ? childrenWithNews(dataSource, actor, now) : null,
    isTeacher ? taughtWithReminders(dataSource, actor, now) : null,
    Promise.all(ledSchoolIds(actor).map((schoolId) => schoolSection(dataSource, actor, schoolId, now))),
    isPupil ? listClasses(dataSource, actor, actor.enrolledClassIds, now) : null,
    listInbox(deps, actor),
    listAwaitingMyAnswer(dataSource, actor),
    isSender ? listMissingAnswers(dataSource, actor) : null,
    schoolTimezone(dataSource, actor),
  ]);
  const today = localDate(now, timezone);
  const pupilHome = ownClasses === null ? null : await loadPupilHome(dataSource, actor, ownClasses, now);
  return {
    pupilHome,
    children,
    unread: threads.reduce((sum, thread) => sum + thread.unread, 0),
    unreadToday: threads.filter((thread) => thread.unread > 0 && localDate(new Date(thread.lastAt), timezone) === today).reduce((sum, thread) => sum + thread.unread, 0),
    awaitingAnswer,
    missingAnswers,
    ownPortfolioId: isPupil ? ownPortfolioOf(actor) : null,
    taughtClasses,
    ledSchools,
    ownClasses,
  };
}

/** The followed children, each with what is new in their portfolio for this guardian. */
async function childrenWithNews(dataSource: DataSource, actor: Actor, now: Date): Promise<(FollowedChild & { news: ChildNews | undefined })[]> {
  const children = await listFollowedChildren(dataSource, actor, now);
  const news = await loadFamilyNews(dataSource, actor, children, now);
  return children.map((child) => ({ ...child, news: news.find((item) => item.childId === child.id) }));
}

/** The time zone "today" is told in: the person's first school's (schools of one deployment share one in practice). */
async function schoolTimezone(dataSource: DataSource, actor: Actor): Promise<string> {
  const schoolId = [...actor.rolesBySchool.keys()][0] ?? [...actor.guardianships.keys()][0]?.split('/')[0];
  if (schoolId === undefined) return 'Europe/Paris';
  const rows = (await dataSource.query('SELECT timezone FROM school WHERE id = ?', [schoolId])) as { timezone: string }[];
  return rows[0]?.timezone ?? 'Europe/Paris';
}

/** The classes a teacher teaches, each with its portfolio rhythm reminder. */
async function taughtWithReminders(dataSource: DataSource, actor: Actor, now: Date): Promise<(ClassOverview & { reminder: RhythmReminder | undefined })[]> {
  const classes = await listClasses(dataSource, actor, actor.taughtClassIds, now);
  const reminders = await rhythmReminders(dataSource, actor, classes.map((klass) => klass.id), now);
  return classes.map((klass) => ({ ...klass, reminder: reminders.find((reminder) => reminder.classId === klass.id) }));
}

async function schoolSection(dataSource: DataSource, actor: Actor, schoolId: string, now: Date): Promise<SchoolSection> {
  const [schools, classes] = await Promise.all([
    dataSource.query('SELECT name FROM school WHERE id = ?', [schoolId]) as Promise<{ name: string }[]>,
    listSchoolClasses(dataSource, actor, schoolId, now),
  ]);
  return {
    id: schoolId,
    name: schools[0]?.name ?? '',
    classes,
    canViewAudit: can(actor, 'view', { kind: 'auditLog', schoolId }),
    canViewRetention: can(actor, 'view', { kind: 'retention', schoolId }),
    canImportRoster: can(actor, 'import', { kind: 'roster', schoolId }),
    canManageIntegrations: can(actor, 'update', { kind: 'schoolSettings', schoolId }),
    canViewSettings: can(actor, 'view', { kind: 'schoolSettings', schoolId }),
  };
}
