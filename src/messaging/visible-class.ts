import type { DataSource } from 'typeorm';
import { findClass, type ClassOverview } from '../directory/classes.js';
import { notFound } from '../http/errors.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';

/** A class the actor may see (its teachers, pupils and families, the school's staff); NOT_FOUND otherwise, as for a class that does not exist. */
export async function findVisibleClass(dataSource: DataSource, actor: Actor, classId: string, now: Date): Promise<ClassOverview> {
  const klass = await findClass(dataSource, classId, now);
  if (!klass || !can(actor, 'view', { kind: 'class', schoolId: klass.schoolId, classId })) throw notFound();
  return klass;
}
