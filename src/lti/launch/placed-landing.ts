import type { DataSource } from 'typeorm';
import { findPupil, schoolsOfPupil } from '../../directory/pupil-facts.js';
import type { Actor } from '../../policy/actor.js';
import { can, loadActor } from '../../policy/index.js';
import type { PlaceableResource } from '../deep-linking/resources.js';
import { column, queryRows, rowReader } from '../../db/row-reader.js';

/**
 * Where a placed link lands the person who opens it: the resource's own page when they may open it
 * (a teacher of the class on the class, a family or a teacher on the child), else the closest
 * useful page they may open (`ownPlace`). A link is placed once, in a course everyone of the course
 * opens: a pupil who opens "Espace de la classe" must not land on the teachers' class list.
 */
export async function placedLanding(dataSource: DataSource, resource: PlaceableResource, personId: string, now: Date): Promise<string> {
  const actor = await loadActor(dataSource, personId, now);
  switch (resource.kind) {
    case 'classSpace': {
      const schoolId = await schoolOfClass(dataSource, resource.id);
      if (schoolId !== undefined && can(actor, 'viewRoster', { kind: 'class', schoolId, classId: resource.id })) return `/classes/${resource.id}`;
      return ownPlace(dataSource, actor, resource.id, now);
    }
    case 'portfolio':
      if (await maySeePupil(dataSource, actor, resource.id, now)) return `/pupils/${resource.id}`;
      return ownPlace(dataSource, actor, undefined, now);
    case 'messages': {
      // The class's threads for those who may see the class; anyone else, their own messages.
      const schoolId = await schoolOfClass(dataSource, resource.id);
      const mayView = schoolId !== undefined && can(actor, 'view', { kind: 'class', schoolId, classId: resource.id });
      return mayView ? `/messages?class=${resource.id}` : '/messages';
    }
  }
}

/**
 * The page that is someone's own when the placed page is not for them: a pupil's own portfolio, a
 * family's child (the one in the link's class when they follow several), else home.
 */
async function ownPlace(dataSource: DataSource, actor: Actor, classId: string | undefined, now: Date): Promise<string> {
  for (const [schoolId, roles] of actor.rolesBySchool) {
    if (roles.has('pupil') && can(actor, 'view', { kind: 'portfolio', schoolId, pupilId: actor.personId, classIds: [...actor.enrolledClassIds] })) {
      return `/children/${actor.personId}/portfolio`;
    }
  }
  const children: { id: string; classIds: readonly string[] }[] = [];
  for (const [key, status] of actor.guardianships) {
    if (status !== 'full' && status !== 'informationOnly') continue;
    const [schoolId, childId] = key.split('/') as [string, string];
    const child = await findPupil(dataSource, schoolId, childId, now);
    if (child && can(actor, 'view', { kind: 'pupil', schoolId, pupilId: child.id, classIds: child.classIds })) children.push(child);
  }
  const inClass = classId === undefined ? [] : children.filter((child) => child.classIds.includes(classId));
  const candidates = inClass.length > 0 ? inClass : children;
  return candidates.length === 1 ? `/pupils/${candidates[0]!.id}` : '/home';
}

async function schoolOfClass(dataSource: DataSource, classId: string): Promise<string | undefined> {
  const rows = await queryRows(dataSource, rowReader({ schoolId: column.text }), 'SELECT schoolId FROM school_class WHERE id = ?', [classId]);
  return rows[0]?.schoolId;
}

/** The pupil's page is open to the actor in one of the pupil's schools (what `/pupils/:id` checks). */
async function maySeePupil(dataSource: DataSource, actor: Actor, pupilId: string, now: Date): Promise<boolean> {
  for (const schoolId of await schoolsOfPupil(dataSource, pupilId)) {
    const pupil = await findPupil(dataSource, schoolId, pupilId, now);
    if (pupil && can(actor, 'view', { kind: 'pupil', schoolId, pupilId, classIds: pupil.classIds })) return true;
  }
  return false;
}
