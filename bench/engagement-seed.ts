import type { DataSource } from 'typeorm';
import { sqlInstant } from '../src/db/sql-values.js';
import { newId } from '../src/model/columns.js';
import { SchoolFactory } from '../test/support/factories.js';

const CLASSES = 40;
const PUPILS_PER_CLASS = 25;
const GUARDIANS_PER_PUPIL = 2;
/** A class message every school day or so: 40 classes × 100 × 50 guardians = 200,000 receipts. */
const MESSAGES_PER_CLASS = 100;
const CHUNK = 1_000;
const LANGUAGES = ['fr', 'fr', 'fr', 'fr', 'fr', 'fr', 'ar', 'es', 'pt', 'tr'];

/** The school the engagement benchmark reads, and its director. */
export interface SeededEngagement {
  readonly schoolId: string;
  readonly directorId: string;
  readonly receipts: number;
}

async function insertRows(dataSource: DataSource, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}

/** A small deterministic generator, so two runs seed the same school. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * A school of 1,000 children in 40 classes, 2,000 guardians and a school year of class messages
 * up to `now` (≥ 200,000 receipts, seven in ten read after minutes to days, one message in ten a
 * request answered by half the families), sessions for three guardians in five, QR views and a
 * portfolio entry per class. Written by multi-row INSERTs: the benchmark measures reading.
 */
export async function seedEngagementSchool(dataSource: DataSource, now: Date): Promise<SeededEngagement> {
  const random = generator(42);
  const school = await SchoolFactory.create(dataSource);
  const director = await school.director();
  const yearStart = new Date('2026-09-01T06:00:00.000Z');
  const span = Math.max(now.getTime() - yearStart.getTime() - 3_600_000, 86_400_000);
  const at = (time: number) => sqlInstant(new Date(time));
  const long = at(yearStart.getTime() - 86_400_000);

  const people: unknown[][] = [];
  const memberships: unknown[][] = [];
  const enrolments: unknown[][] = [];
  const guardianships: unknown[][] = [];
  const assignments: unknown[][] = [];
  const messages: unknown[][] = [];
  const receipts: unknown[][] = [];
  const sessions: unknown[][] = [];
  const views: unknown[][] = [];
  const entries: unknown[][] = [];
  const feed: unknown[][] = [];
  const person = (given: string, language = 'fr', email: string | null = null) => {
    const id = newId();
    people.push([id, given, `Famille ${people.length}`, language, email, long]);
    return id;
  };
  for (let index = 0; index < CLASSES; index += 1) {
    const klass = await school.class(`Classe ${String(index + 1).padStart(2, '0')}`);
    const teacherId = person(`Enseignant ${index}`);
    memberships.push([newId(), teacherId, school.id, 'teacher', long]);
    assignments.push([newId(), teacherId, klass.id, school.id, 1, long]);
    const families: { pupilId: string; guardianIds: string[] }[] = [];
    for (let rank = 0; rank < PUPILS_PER_CLASS; rank += 1) {
      const pupilId = person(`Élève ${rank}`);
      memberships.push([newId(), pupilId, school.id, 'pupil', long]);
      enrolments.push([newId(), pupilId, klass.id, school.id, long]);
      const language = LANGUAGES[Math.floor(random() * LANGUAGES.length)]!;
      const guardianIds: string[] = [];
      for (let parent = 0; parent < GUARDIANS_PER_PUPIL; parent += 1) {
        const guardianId = person(`Parent ${parent}`, language, random() < 0.85 ? `p${people.length}@example.org` : null);
        memberships.push([newId(), guardianId, school.id, 'parent', long]);
        guardianships.push([newId(), school.id, guardianId, pupilId, 'full', 'approved', 'roster', parent + 1, long, long]);
        if (random() < 0.6) {
          const seen = at(yearStart.getTime() + random() * span);
          sessions.push([newId().replace(/-/g, '').padEnd(64, '0'), guardianId, 'csrf', seen, seen, at(now.getTime() + 86_400_000)]);
        }
        guardianIds.push(guardianId);
      }
      if (random() < 0.2) views.push([newId(), school.id, pupilId, 'qr', 'phone', '192.0.2.0/24', at(yearStart.getTime() + random() * span)]);
      families.push({ pupilId, guardianIds });
    }
    for (let number = 0; number < MESSAGES_PER_CLASS; number += 1) {
      const messageId = newId();
      const sentAt = yearStart.getTime() + ((number + random() * 0.5) / MESSAGES_PER_CLASS) * span;
      const kind = number % 10 === 0 ? 'request' : 'information';
      messages.push([messageId, school.id, messageId, teacherId, 'class', klass.id, kind, kind === 'request' ? 'authorisation' : null, `Message ${number}`, 'Bonjour à toutes et à tous.', 'fr', 0, 0, families.length * GUARDIANS_PER_PUPIL, at(sentAt)]);
      for (const family of families) {
        for (const guardianId of family.guardianIds) {
          const read = random() < 0.7 ? sentAt + Math.min(random() ** 3 * 10 * 86_400_000, now.getTime() - sentAt) : null;
          const answered = kind === 'request' && read !== null && random() < 0.5;
          receipts.push([messageId, guardianId, 'guardian', family.pupilId, at(sentAt), read === null ? null : at(read), answered ? 'yes' : null, answered ? at(read!) : null]);
        }
      }
    }
    const entryId = newId();
    const published = at(now.getTime() - random() * 30 * 86_400_000);
    entries.push([entryId, school.id, klass.id, teacherId, 'class', 'outing', 'Sortie', 'Un commentaire.', 'published', published, published, published, published]);
    for (const family of families.slice(0, 20)) feed.push([family.pupilId, entryId, school.id, published, published]);
  }
  await insertRows(dataSource, 'person', ['id', 'givenName', 'familyName', 'preferredLanguage', 'email', 'createdAt'], people);
  await insertRows(dataSource, 'school_membership', ['id', 'personId', 'schoolId', 'role', 'startedAt'], memberships);
  await insertRows(dataSource, 'teaching_assignment', ['id', 'teacherId', 'classId', 'schoolId', 'isMainTeacher', 'startedAt'], assignments);
  await insertRows(dataSource, 'enrolment', ['id', 'pupilId', 'classId', 'schoolId', 'startedAt'], enrolments);
  await insertRows(dataSource, 'guardianship', ['id', 'schoolId', 'guardianId', 'childId', 'status', 'approval', 'source', 'guardianRank', 'effectiveFrom', 'createdAt'], guardianships);
  await insertRows(dataSource, 'http_session', ['tokenHash', 'personId', 'csrfToken', 'createdAt', 'lastSeenAt', 'expiresAt'], sessions);
  await insertRows(dataSource, 'portfolio_access', ['id', 'schoolId', 'pupilId', 'channel', 'deviceFamily', 'network', 'at'], views);
  const messageColumns = ['id', 'schoolId', 'threadId', 'senderId', 'audience', 'classId', 'kind', 'requestKind', 'subject', 'body', 'language', 'urgent', 'copyPupil', 'recipientCount', 'createdAt'];
  await insertRows(dataSource, 'message', messageColumns, messages);
  await insertRows(dataSource, 'message_recipient', ['messageId', 'personId', 'role', 'pupilId', 'deliveredAt', 'readAt', 'answer', 'answeredAt'], receipts);
  const entryColumns = ['id', 'schoolId', 'classId', 'authorId', 'audience', 'momentKind', 'title', 'comment', 'state', 'publishAt', 'familiesSeeAt', 'createdAt', 'updatedAt'];
  await insertRows(dataSource, 'portfolio_entry', entryColumns, entries);
  await insertRows(dataSource, 'portfolio_feed_item', ['pupilId', 'entryId', 'schoolId', 'publishAt', 'familiesSeeAt'], feed);
  return { schoolId: school.id, directorId: director.id, receipts: receipts.length };
}
