import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { SessionStore } from '../src/auth/session-store.js';
import { newId } from '../src/model/columns.js';
import { ShareGrant } from '../src/model/share-grant.js';
import { hashShareToken, newShareToken } from '../src/sharing/share-token.js';
import type { SeededPortfolio } from './portfolio-seed.js';

/** A parent of the surge: their session, their child, photos of their child's timeline. */
export interface SurgeParent {
  readonly cookie: string;
  readonly childId: string;
  readonly mediumIds: readonly string[];
}

/** A teacher of the surge: their session (with its CSRF token for API writes) and their class. */
export interface SurgeTeacher {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly classId: string;
}

/** Everyone the surge acts as, in the seeded 1,000-child school. */
export interface SurgeCast {
  readonly parents: readonly SurgeParent[];
  readonly teachers: readonly SurgeTeacher[];
  /** QR codes of children, each opened by a family's phone (a sign-in without an account). */
  readonly shareTokens: readonly string[];
}

const PARENTS = 200;
const SHARED_CHILDREN = 100;
const THUMBNAILS_PER_CHILD = 4;

/**
 * Signs in 200 parents and every teacher of the seeded school (sessions made directly, as any
 * sign-in makes them), gives the parents an e-mail address (a class message then notifies them
 * by e-mail, work for the worker), opens QR codes for 100 children, and writes a thumbnail file
 * for photos of each parent's child under `mediaRoot` (the seed stores rows, not files).
 */
export async function prepareSurgeCast(dataSource: DataSource, seeded: SeededPortfolio, mediaRoot: string): Promise<SurgeCast> {
  const now = new Date();
  const store = new SessionStore(dataSource, { idleMinutes: 24 * 60, maxHours: 24 });
  const guardianships = (await dataSource.query(
    'SELECT guardianId, childId FROM guardianship WHERE schoolId = ? AND effectiveTo IS NULL ORDER BY childId LIMIT ?',
    [seeded.schoolId, PARENTS],
  )) as { guardianId: string; childId: string }[];
  await dataSource.query(
    "UPDATE person SET email = CONCAT('parent-', id, '@example.org') WHERE id IN (SELECT guardianId FROM guardianship WHERE schoolId = ?)",
    [seeded.schoolId],
  );
  const thumbnail = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 90, g: 140, b: 200 } } }).webp().toBuffer();
  const parents: SurgeParent[] = [];
  for (const { guardianId, childId } of guardianships) {
    const media = (await dataSource.query(
      `SELECT m.id, m.thumbnailKey FROM portfolio_medium m JOIN entry_pupil ep ON ep.entryId = m.entryId
        WHERE ep.pupilId = ? ORDER BY m.createdAt DESC LIMIT ?`,
      [childId, THUMBNAILS_PER_CHILD],
    )) as { id: string; thumbnailKey: string }[];
    for (const medium of media) {
      const file = path.join(mediaRoot, medium.thumbnailKey);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, thumbnail);
    }
    const { token } = await store.create(now, { personId: guardianId, signInMethod: 'bench' });
    parents.push({ cookie: `ecarnet_session=${token}`, childId, mediumIds: media.map((medium) => medium.id) });
  }
  const assignments = (await dataSource.query('SELECT teacherId, classId FROM teaching_assignment WHERE schoolId = ? AND endedAt IS NULL', [seeded.schoolId])) as {
    teacherId: string;
    classId: string;
  }[];
  const teachers: SurgeTeacher[] = [];
  for (const { teacherId, classId } of assignments) {
    const { token, session } = await store.create(now, { personId: teacherId, signInMethod: 'bench' });
    teachers.push({ cookie: `ecarnet_session=${token}`, csrfToken: session.csrfToken, classId });
  }
  const shareTokens: string[] = [];
  for (const { childId, guardianId } of guardianships.slice(0, SHARED_CHILDREN)) {
    const token = newShareToken();
    await dataSource.getRepository(ShareGrant).insert({
      id: newId(),
      schoolId: seeded.schoolId,
      pupilId: childId,
      kind: 'qr',
      tokenHash: hashShareToken(token),
      passwordHash: null,
      label: null,
      language: 'fr',
      notifyEmail: null,
      createdById: guardianId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 90 * 24 * 3_600_000),
      revokedAt: null,
      revokedById: null,
    });
    shareTokens.push(token);
  }
  return { parents, teachers, shareTokens };
}
