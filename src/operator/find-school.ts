import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../http/errors.js';
import { School } from '../model/school.js';
import { readUai } from './uai.js';

/** The school a UAI (as typed) or an id names; SCHOOL_NOT_FOUND otherwise. */
export async function findSchool(runner: DataSource | EntityManager, reference: string): Promise<School> {
  const uai = readUai(reference);
  const repository = runner.getRepository(School);
  const school = uai.ok ? await repository.findOneBy({ uai: uai.uai }) : await repository.findOneBy({ id: reference.trim() });
  if (!school) throw new AppError('SCHOOL_NOT_FOUND');
  return school;
}
