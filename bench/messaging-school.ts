import type { DataSource } from 'typeorm';
import { sqlInstant } from '../src/db/sql-values.js';
import { newId } from '../src/model/columns.js';
import { defaultSchoolSettings } from '../src/model/school-settings.js';

/** The school the messaging benchmarks write to. */
export interface BenchSchool {
  readonly schoolId: string;
  /** The first class: 30 children, 60 guardians. */
  readonly classId: string;
  readonly teacherId: string;
  readonly directorId: string;
  readonly pupilIds: readonly string[];
}

const LONG_AGO = sqlInstant(new Date('2020-01-01T00:00:00.000Z'));

async function insertMany(dataSource: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const slice = rows.slice(start, start + 500);
    await dataSource.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${slice.map(() => `(${columns.map(() => '?').join(',')})`).join(',')}`, slice.flat());
  }
}

/**
 * A school of 1,000 families: 34 classes of 30 children (the last one smaller), two guardians
 * with e-mail addresses per child, a teacher per class and a director.
 */
export async function seedBenchSchool(dataSource: DataSource): Promise<BenchSchool> {
  const schoolId = newId();
  await dataSource.query('INSERT INTO school (id, uai, name, timezone, settingsJson, isDemo, createdAt) VALUES (?, ?, ?, ?, ?, 0, ?)', [
    schoolId,
    '0759998J',
    'Collège de mesure',
    'Europe/Paris',
    JSON.stringify(defaultSchoolSettings()),
    LONG_AGO,
  ]);
  const yearId = newId();
  await dataSource.query('INSERT INTO school_year (id, schoolId, label, startsOn, endsOn) VALUES (?, ?, ?, ?, ?)', [yearId, schoolId, '2026-2027', '2026-09-01', '2027-07-05']);
  const people: unknown[][] = [];
  const memberships: unknown[][] = [];
  const enrolments: unknown[][] = [];
  const guardianships: unknown[][] = [];
  const assignments: unknown[][] = [];
  const classes: unknown[][] = [];
  const person = (givenName: string, familyName: string, email: string | null, role: string): string => {
    const id = newId();
    people.push([id, givenName, familyName, 'fr', email, LONG_AGO]);
    memberships.push([newId(), id, schoolId, role, LONG_AGO]);
    return id;
  };
  const directorId = person('Directrice', 'Mesure', 'directrice@bench.example.org', 'director');
  const pupilIds: string[] = [];
  let teacherId = '';
  let classId = '';
  for (let index = 0; index < 1000; index += 1) {
    if (index % 30 === 0) {
      const klass = newId();
      classes.push([klass, schoolId, yearId, `Classe ${index / 30 + 1}`, '6e', 3]);
      const teacher = person('Prof', `Classe${index / 30 + 1}`, `prof${index / 30 + 1}@bench.example.org`, 'teacher');
      assignments.push([newId(), teacher, klass, schoolId, 1, LONG_AGO]);
      if (index === 0) {
        teacherId = teacher;
        classId = klass;
      }
    }
    const klass = classes[classes.length - 1]![0] as string;
    const pupil = person(`Élève${index}`, 'Mesure', null, 'pupil');
    pupilIds.push(pupil);
    enrolments.push([newId(), pupil, klass, schoolId, LONG_AGO]);
    for (const rank of [1, 2]) {
      const guardian = person(`Parent${rank}`, `Famille${index}`, `parent${rank}.famille${index}@bench.example.org`, 'parent');
      guardianships.push([newId(), schoolId, guardian, pupil, 'full', 'approved', 'manual', rank, LONG_AGO, LONG_AGO]);
    }
  }
  await insertMany(dataSource, 'school_class', ['id', 'schoolId', 'schoolYearId', 'name', 'levels', 'cycle'], classes);
  await insertMany(dataSource, 'person', ['id', 'givenName', 'familyName', 'preferredLanguage', 'email', 'createdAt'], people);
  await insertMany(dataSource, 'school_membership', ['id', 'personId', 'schoolId', 'role', 'startedAt'], memberships);
  await insertMany(dataSource, 'teaching_assignment', ['id', 'teacherId', 'classId', 'schoolId', 'isMainTeacher', 'startedAt'], assignments);
  await insertMany(dataSource, 'enrolment', ['id', 'pupilId', 'classId', 'schoolId', 'startedAt'], enrolments);
  await insertMany(
    dataSource,
    'guardianship',
    ['id', 'schoolId', 'guardianId', 'childId', 'status', 'approval', 'source', 'guardianRank', 'effectiveFrom', 'createdAt'],
    guardianships,
  );
  return { schoolId, classId, teacherId, directorId, pupilIds };
}
