import type { EntityManager } from 'typeorm';
import { newId } from '../model/columns.js';
import type { School } from '../model/school.js';
import { SchoolYear } from '../model/school-year.js';
import { currentSchoolYear } from './current-school-year.js';

/** The id of the school's current school year, created when the school has none for it yet. */
export async function ensureSchoolYear(manager: EntityManager, school: School, now: Date): Promise<string> {
  const period = currentSchoolYear(now, school.timezone);
  const existing = await manager.findOneBy(SchoolYear, { schoolId: school.id, label: period.label });
  if (existing) return existing.id;
  const id = newId();
  await manager.insert(SchoolYear, { id, schoolId: school.id, label: period.label, startsOn: period.startsOn, endsOn: period.endsOn });
  return id;
}
