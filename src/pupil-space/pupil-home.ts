import type { DataSource } from 'typeorm';
import type { ClassOverview } from '../directory/classes.js';
import { pupilsMayWriteIn } from '../messaging/pupil-exchange.js';
import { loadSchoolFacts } from '../messaging/school-facts.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { listOwnContributions, type OwnContributions } from './own-contributions.js';

/** What a pupil's home offers them: their portfolio to show, their own work, their teachers to ask. */
export interface PupilHome {
  /** The pupil's own portfolio, which "show my parents" walks through, when the policy lets them present it. */
  readonly presentPupilId: string | null;
  readonly contributions: OwnContributions;
  /** At least one of their teachers may be written to (the school allows it). */
  readonly mayWriteToTeachers: boolean;
  /** Their school lets their guardians read those exchanges (the page says so). */
  readonly parentsRead: boolean;
}

/** The pupil's part of the home page, from the classes they are enrolled in now (already read by the home page). */
export async function loadPupilHome(dataSource: DataSource, actor: Actor, classes: readonly ClassOverview[], now: Date): Promise<PupilHome> {
  const contributions = await listOwnContributions(dataSource, actor, now);
  const classIds = [...actor.enrolledClassIds];
  let presentPupilId: string | null = null;
  let mayWriteToTeachers = false;
  let parentsRead = false;
  for (const schoolId of new Set(classes.map((klass) => klass.schoolId))) {
    if (can(actor, 'present', { kind: 'portfolio', schoolId, pupilId: actor.personId, classIds })) presentPupilId = actor.personId;
    const school = await loadSchoolFacts(dataSource, schoolId);
    if (!school) continue;
    const teachers = classes.filter((klass) => klass.schoolId === schoolId).flatMap((klass) => klass.teachers);
    const writable = teachers.some((teacher) =>
      can(actor, 'send', { kind: 'pupilMessage', schoolId, pupilId: actor.personId, teacherId: teacher.id, teachesPupil: true, pupilsMayWrite: pupilsMayWriteIn(school) }),
    );
    mayWriteToTeachers ||= writable;
    if (writable) parentsRead ||= school.settings.messaging.parentsReadPupilMessages;
  }
  return { presentPupilId, contributions, mayWriteToTeachers, parentsRead };
}
