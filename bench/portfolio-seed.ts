import type { DataSource } from 'typeorm';
import { sqlInstant } from '../src/db/sql-values.js';
import { newId } from '../src/model/columns.js';
import type { Person } from '../src/model/index.js';
import { ensureSkillFramework } from '../src/skills/school-skills.js';
import { SchoolFactory } from '../test/support/factories.js';

const CLASSES = 40;
const PUPILS_PER_CLASS = 25;
const ENTRIES = 50_000;
const CLASS_MOMENTS_PER_CLASS = 50;
const CHUNK = 500;

/** The school the timeline benchmark reads, and the family whose page it loads. */
export interface SeededPortfolio {
  readonly schoolId: string;
  readonly parentId: string;
  readonly childId: string;
}

async function insertRows(dataSource: DataSource, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}

/**
 * A school of 1,000 children in 40 classes, each with a guardian and an image consent (a tenth
 * without), and 50,000 published entries: 48,000 about one child each (with a tagged photo and,
 * for one in five, skill evidence) and 2,000 class moments (one photo of three children). Rows go
 * in by multi-row INSERTs: the benchmark measures reading, not seeding.
 */
export async function seedPortfolioSchool(dataSource: DataSource, now: Date): Promise<SeededPortfolio> {
  const school = await SchoolFactory.create(dataSource);
  const classes: { id: string; teacher: Person; pupils: Person[] }[] = [];
  let first: { parent: Person; child: Person } | undefined;
  for (let index = 0; index < CLASSES; index += 1) {
    const klass = await school.class(`Classe ${index + 1}`);
    const teacher = await school.teacher([klass]);
    const pupils: Person[] = [];
    for (let rank = 0; rank < PUPILS_PER_CLASS; rank += 1) {
      const pupil = await school.pupil(klass);
      const parent = await school.guardian([pupil]);
      await school.consent(pupil, rank % 10 === 3 ? 'none' : 'class', teacher);
      pupils.push(pupil);
      first ??= { parent, child: pupil };
    }
    classes.push({ id: klass.id, teacher, pupils });
  }
  await ensureSkillFramework(dataSource.manager, school.id);
  const skills = (await dataSource.query('SELECT id FROM skill WHERE schoolId = ? ORDER BY position LIMIT 10', [school.id])) as { id: string }[];

  const entries: unknown[][] = [];
  const entryPupils: unknown[][] = [];
  const feed: unknown[][] = [];
  const media: unknown[][] = [];
  const tags: unknown[][] = [];
  const evidence: unknown[][] = [];
  const hour = 60 * 60 * 1000;
  const addEntry = (klass: (typeof classes)[number], audience: 'children' | 'class', about: Person[], appearing: Person[], index: number) => {
    const id = newId();
    const at = sqlInstant(new Date(now.getTime() - (index + 1) * hour));
    entries.push([id, school.id, klass.id, klass.teacher.id, audience, audience === 'class' ? 'outing' : null, `Entrée ${index}`, 'Un commentaire de la maîtresse.', 'published', at, at, at, at]);
    for (const pupil of about) entryPupils.push([id, pupil.id, school.id]);
    for (const pupil of audience === 'class' ? klass.pupils : about) feed.push([pupil.id, id, school.id, at, at]);
    const mediumId = newId();
    media.push([mediumId, school.id, klass.id, id, klass.teacher.id, 'photo', 'image/jpeg', 'photo-1.jpg', 200_000, 260_000, 1600, 1200, `k/${mediumId}.jpg`, `k/${mediumId}-s.jpg`, `k/${mediumId}-t.webp`, 1, 0, at]);
    for (const pupil of appearing) tags.push([mediumId, pupil.id, school.id]);
    if (index % 5 === 0) evidence.push([id, skills[index % skills.length]!.id, school.id, index % 10 === 0 ? 'achieved' : 'inProgress']);
  };
  let index = 0;
  for (const klass of classes) {
    for (let moment = 0; moment < CLASS_MOMENTS_PER_CLASS; moment += 1) {
      addEntry(klass, 'class', [], klass.pupils.slice(moment % 20, (moment % 20) + 3), index);
      index += 1;
    }
  }
  while (index < ENTRIES) {
    const klass = classes[index % CLASSES]!;
    const pupil = klass.pupils[Math.floor(index / CLASSES) % PUPILS_PER_CLASS]!;
    addEntry(klass, 'children', [pupil], [pupil], index);
    index += 1;
  }
  const entryColumns = ['id', 'schoolId', 'classId', 'authorId', 'audience', 'momentKind', 'title', 'comment', 'state', 'publishAt', 'familiesSeeAt', 'createdAt', 'updatedAt'];
  await insertRows(dataSource, 'portfolio_entry', entryColumns, entries);
  await insertRows(dataSource, 'entry_pupil', ['entryId', 'pupilId', 'schoolId'], entryPupils);
  await insertRows(dataSource, 'portfolio_feed_item', ['pupilId', 'entryId', 'schoolId', 'publishAt', 'familiesSeeAt'], feed);
  const mediumColumns = ['id', 'schoolId', 'classId', 'entryId', 'uploadedById', 'kind', 'mimeType', 'fileName', 'bytes', 'storedBytes', 'width', 'height', 'originalKey', 'screenKey', 'thumbnailKey', 'peopleReviewed', 'position', 'createdAt'];
  await insertRows(dataSource, 'portfolio_medium', mediumColumns, media);
  await insertRows(dataSource, 'medium_tag', ['mediumId', 'pupilId', 'schoolId'], tags);
  await insertRows(dataSource, 'entry_skill', ['entryId', 'skillId', 'schoolId', 'level'], evidence);
  return { schoolId: school.id, parentId: first!.parent.id, childId: first!.child.id };
}
