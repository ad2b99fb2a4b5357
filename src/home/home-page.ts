import type { DataSource } from 'typeorm';
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
  /** Import the school's pupil records and confirm the parent links identity providers proposed. */
  readonly canImportRoster: boolean;
  /** Connect the school's ENT (LTI registrations). */
  readonly canManageIntegrations: boolean;
  /** Read the school's settings (its staff and teachers); the director changes them there. */
  readonly canViewSettings: boolean;
}

/** The home page, one section per role the person holds. */
interface HomePage {
  readonly children: readonly FollowedChild[] | null;
  readonly taughtClasses: readonly (ClassOverview & { reminder: RhythmReminder | undefined })[] | null;
  readonly ledSchools: readonly SchoolSection[];
  readonly ownClasses: readonly ClassOverview[] | null;
}

/** Gathers the sections of the home page that the actor's roles call for. */
export async function buildHomePage(dataSource: DataSource, actor: Actor, now: Date): Promise<HomePage> {
  const roles = [...actor.rolesBySchool.values()];
  const isGuardian = roles.some((set) => set.has('parent')) || actor.guardianships.size > 0;
  const isTeacher = roles.some((set) => set.has('teacher'));
  const isPupil = roles.some((set) => set.has('pupil'));

  const [children, taughtClasses, ledSchools, ownClasses] = await Promise.all([
    isGuardian ? listFollowedChildren(dataSource, actor, now) : null,
    isTeacher ? taughtWithReminders(dataSource, actor, now) : null,
    Promise.all(ledSchoolIds(actor).map((schoolId) => schoolSection(dataSource, actor, schoolId, now))),
    isPupil ? listClasses(dataSource, actor, actor.enrolledClassIds, now) : null,
  ]);
  return {
    children,
    taughtClasses,
    ledSchools,
    ownClasses,
  };
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
    canImportRoster: can(actor, 'import', { kind: 'roster', schoolId }),
    canManageIntegrations: can(actor, 'update', { kind: 'schoolSettings', schoolId }),
    canViewSettings: can(actor, 'view', { kind: 'schoolSettings', schoolId }),
  };
}
