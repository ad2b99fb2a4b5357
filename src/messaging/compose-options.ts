import type { DataSource } from 'typeorm';
import { listClasses, listSchoolClasses } from '../directory/classes.js';
import { listFollowedChildren } from '../directory/followed-children.js';
import { classRoster } from '../directory/roster.js';
import { ledSchoolIds, type Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadSchoolFacts } from './school-facts.js';
import { pupilsMayWriteIn } from './pupil-exchange.js';

/** One choice of the compose form's recipient list: `value` is what the form posts. */
interface RecipientChoice {
  readonly value: string;
  /** Catalog key and values of its label. */
  readonly label: { key: string; values: Record<string, string> };
  readonly group: string;
}

/** What the compose page offers this person. */
interface ComposeOptions {
  readonly choices: readonly RecipientChoice[];
  /** May mark messages urgent in at least one school. */
  readonly mayUrgent: boolean;
  /** Writes as a family: the school's reply-time commitment is shown. */
  readonly asFamily: boolean;
  /** Writes as a pupil, to their own teachers only: the form keeps to a subject and a text. */
  readonly asPupil: boolean;
  /** For a pupil: whether their school lets their guardians read their exchanges (the form says who reads). */
  readonly pupilParentsRead: boolean;
  readonly replyWithinHours: number | null;
}

/**
 * The audiences the person may write to, decided by the same policy as sending: a teacher's
 * classes and their families, the director's school, a parent's children's teachers.
 */
export async function composeOptions(dataSource: DataSource, actor: Actor, now: Date): Promise<ComposeOptions> {
  const choices: RecipientChoice[] = [];
  let mayUrgent = false;
  const classes = new Map((await listClasses(dataSource, actor, actor.taughtClassIds, now)).map((klass) => [klass.id, klass]));
  for (const schoolId of ledSchoolIds(actor)) {
    const school = await loadSchoolFacts(dataSource, schoolId);
    if (!school) continue;
    if (can(actor, 'send', { kind: 'schoolMessage', schoolId })) {
      choices.push({ value: `school:${schoolId}`, label: { key: 'messaging.compose.toSchool', values: { name: school.name } }, group: school.name });
    }
    for (const klass of await listSchoolClasses(dataSource, actor, schoolId, now)) classes.set(klass.id, klass);
  }
  for (const klass of classes.values()) {
    const school = await loadSchoolFacts(dataSource, klass.schoolId);
    if (school && can(actor, 'send', { kind: 'urgentMessage', schoolId: school.id, urgentRoles: school.settings.messaging.urgentRoles })) mayUrgent = true;
    const representativesMayWrite = school?.settings.messaging.representativesMayWrite ?? false;
    if (!can(actor, 'send', { kind: 'classMessage', schoolId: klass.schoolId, classId: klass.id, representativesMayWrite })) continue;
    choices.push({ value: `class:${klass.id}`, label: { key: 'messaging.compose.toClass', values: { name: klass.name } }, group: klass.name });
    for (const pupil of await classRoster(dataSource, klass.schoolId, klass.id, now)) {
      if (!can(actor, 'send', { kind: 'familyMessage', schoolId: klass.schoolId, pupilId: pupil.id, classIds: [klass.id] })) continue;
      choices.push({
        value: `family:${pupil.id}`,
        label: { key: 'messaging.compose.toFamily', values: { name: `${pupil.givenName} ${pupil.familyName}` } },
        group: klass.name,
      });
    }
  }

  let replyWithinHours: number | null = null;
  const children = await listFollowedChildren(dataSource, actor, now);
  for (const child of children) {
    const school = await loadSchoolFacts(dataSource, child.schoolId);
    if (!school) continue;
    replyWithinHours = school.settings.messaging.replyWithinHours;
    const mainTeacherOnly = school.settings.messaging.parentsMayWriteTo === 'mainTeacherOnly';
    const seen = new Set<string>();
    for (const klass of child.classes) {
      for (const teacher of klass.teachers) {
        if (seen.has(teacher.id)) continue;
        seen.add(teacher.id);
        const resource = {
          kind: 'teacherMessage' as const,
          schoolId: child.schoolId,
          pupilId: child.id,
          teacherId: teacher.id,
          teachesChild: true,
          isMainTeacherOfChild: teacher.isMainTeacher,
          mainTeacherOnly,
        };
        if (!can(actor, 'send', resource)) continue;
        choices.push({
          value: `teacher:${child.id}:${teacher.id}`,
          label: { key: 'messaging.compose.toTeacher', values: { teacher: `${teacher.givenName} ${teacher.familyName}`, child: child.givenName } },
          group: `${child.givenName} ${child.familyName}`,
        });
      }
    }
  }
  const { choices: pupilChoices, parentsRead } = await pupilTeacherChoices(dataSource, actor, now);
  choices.push(...pupilChoices);
  return {
    choices,
    mayUrgent,
    asFamily: children.length > 0 && classes.size === 0,
    asPupil: pupilChoices.length > 0 && classes.size === 0 && children.length === 0,
    pupilParentsRead: parentsRead,
    replyWithinHours,
  };
}

/** A pupil's own teachers, each a choice where the pupil's school lets pupils write (the policy decides). */
async function pupilTeacherChoices(dataSource: DataSource, actor: Actor, now: Date): Promise<{ choices: RecipientChoice[]; parentsRead: boolean }> {
  const choices: RecipientChoice[] = [];
  const seen = new Set<string>();
  let parentsRead = false;
  for (const klass of await listClasses(dataSource, actor, actor.enrolledClassIds, now)) {
    const school = await loadSchoolFacts(dataSource, klass.schoolId);
    if (!school) continue;
    for (const teacher of klass.teachers) {
      if (seen.has(teacher.id)) continue;
      const resource = { kind: 'pupilMessage' as const, schoolId: klass.schoolId, pupilId: actor.personId, teacherId: teacher.id, teachesPupil: true, pupilsMayWrite: pupilsMayWriteIn(school) };
      if (!can(actor, 'send', resource)) continue;
      seen.add(teacher.id);
      parentsRead ||= school.settings.messaging.parentsReadPupilMessages;
      choices.push({
        value: `pupilToTeacher:${teacher.id}`,
        label: { key: 'pupilSpace.compose.toTeacher', values: { teacher: `${teacher.givenName} ${teacher.familyName}` } },
        group: klass.name,
      });
    }
  }
  return { choices, parentsRead };
}

/** The form's `to` value as the API's recipients; undefined when it is not one of the shapes offered. */
export function recipientsFromChoice(value: string, separately: boolean): Record<string, unknown> | undefined {
  const [kind, first, second] = value.split(':');
  if (kind === 'class' && first) return { audience: 'class', classId: first };
  if (kind === 'school' && first) return { audience: 'school', schoolId: first };
  if (kind === 'family' && first) return { audience: 'family', pupilId: first, separately };
  if (kind === 'teacher' && first && second) return { audience: 'teacher', pupilId: first, teacherId: second };
  if (kind === 'pupilToTeacher' && first) return { audience: 'pupilToTeacher', teacherId: first };
  return undefined;
}
