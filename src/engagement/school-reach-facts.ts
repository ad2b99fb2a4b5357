import type { DataSource } from 'typeorm';
import { engineOf } from '../db/data-source.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { readDelayBucketSql, secondsBetweenSql } from './read-delays.js';

/** One guardian of one child enrolled in a class now, with what the figures need of them. */
export interface FamilyLine {
  readonly classId: string;
  readonly className: string;
  readonly pupilId: string;
  readonly guardianId: string;
  readonly language: string;
  readonly hasEmail: boolean;
}

const readFamilyLine = rowReader({
  classId: column.text,
  className: column.text,
  pupilId: column.text,
  guardianId: column.text,
  language: column.text,
  email: column.nullableText,
});

/**
 * The families of the school's classes now: each child enrolled, each guardian allowed to
 * follow them (approved, in force, not kept away by a decision).
 */
export async function readFamilyLines(dataSource: DataSource, schoolId: string, now: Date): Promise<FamilyLine[]> {
  const at = sqlInstant(now);
  const rows = await queryRows(
    dataSource,
    readFamilyLine,
    `SELECT e.classId, c.name AS className, e.pupilId, g.guardianId, p.preferredLanguage AS language, p.email
       FROM enrolment e
       JOIN school_class c ON c.id = e.classId
       JOIN guardianship g ON g.childId = e.pupilId AND g.schoolId = e.schoolId
       JOIN person p ON p.id = g.guardianId
      WHERE e.schoolId = ? AND e.startedAt <= ? AND (e.endedAt IS NULL OR e.endedAt > ?)
        AND g.status <> 'noAccess' AND g.approval = 'approved' AND g.effectiveFrom <= ? AND (g.effectiveTo IS NULL OR g.effectiveTo > ?)`,
    [schoolId, at, at, at, at],
  );
  return rows.map(({ email, ...line }) => ({ ...line, hasEmail: email !== null && email !== '' }));
}

const readLastAt = rowReader({ id: column.text, lastAt: column.instant });

/**
 * When each guardian of the school was last seen, by any sign of them: a sign-in recorded, an
 * account session used, their child's portfolio opened from their account, a message read.
 * A guardian absent from the answer never connected.
 */
export async function readLastContacts(dataSource: DataSource, schoolId: string): Promise<Map<string, Date>> {
  const rows = await queryRows(
    dataSource,
    readLastAt,
    `SELECT seen.id, MAX(seen.at) AS lastAt FROM (
        SELECT s.personId AS id, s.lastSeenAt AS at
          FROM http_session s JOIN guardianship g ON g.guardianId = s.personId
         WHERE g.schoolId = ?
        UNION ALL
        SELECT a.subjectId AS id, a.at
          FROM audit_event a JOIN guardianship g ON g.guardianId = a.subjectId
         WHERE g.schoolId = ? AND a.subjectKind = 'person' AND a.action = 'session.signedIn'
        UNION ALL
        SELECT v.personId AS id, v.at FROM portfolio_access v
         WHERE v.schoolId = ? AND v.channel = 'account' AND v.personId IS NOT NULL
        UNION ALL
        SELECT r.personId AS id, MAX(r.readAt) AS at
          FROM message m JOIN message_recipient r ON r.messageId = m.id
         WHERE m.schoolId = ? AND r.role = 'guardian' AND r.readAt IS NOT NULL
         GROUP BY r.personId
      ) seen
      GROUP BY seen.id`,
    [schoolId, schoolId, schoolId, schoolId],
  );
  return new Map(rows.map((row) => [row.id, row.lastAt]));
}

/** When each child's portfolio was last opened with a QR code or a personal link (no account). */
export async function readLastSharedViews(dataSource: DataSource, schoolId: string): Promise<Map<string, Date>> {
  const rows = await queryRows(
    dataSource,
    readLastAt,
    `SELECT v.pupilId AS id, MAX(v.at) AS lastAt FROM portfolio_access v
      WHERE v.schoolId = ? AND v.channel IN ('qr', 'link') GROUP BY v.pupilId`,
    [schoolId],
  );
  return new Map(rows.map((row) => [row.id, row.lastAt]));
}

/** When each child was last featured in a published portfolio entry. */
export async function readLastFeatured(dataSource: DataSource, schoolId: string, now: Date): Promise<Map<string, Date>> {
  const rows = await queryRows(
    dataSource,
    readLastAt,
    `SELECT f.pupilId AS id, MAX(f.publishAt) AS lastAt FROM portfolio_feed_item f
      WHERE f.schoolId = ? AND f.publishAt <= ? GROUP BY f.pupilId`,
    [schoolId, sqlInstant(now)],
  );
  return new Map(rows.map((row) => [row.id, row.lastAt]));
}

/** The receipts of one child's guardians in one delay bucket (-1: not read). */
export interface ReceiptCell {
  readonly pupilId: string;
  readonly bucket: number;
  readonly receipts: number;
  /** Of which requests or invitations, and of those, answered. */
  readonly requests: number;
  readonly answered: number;
  /** Read in another language than the message's: shown translated. */
  readonly translatedReads: number;
}

const readReceiptCell = rowReader({
  pupilId: column.text,
  bucket: column.number,
  receipts: column.count,
  requests: column.count,
  answered: column.count,
  translatedReads: column.count,
});

/**
 * The guardians' receipts of the messages the school sent over a span (recalled ones left out),
 * counted per child and per delay bucket: one pass over the receipts, whatever their number.
 */
export async function readReceiptCells(dataSource: DataSource, schoolId: string, start: Date, end: Date): Promise<ReceiptCell[]> {
  const bucket = readDelayBucketSql('r.readAt', secondsBetweenSql(engineOf(dataSource), 'm.createdAt', 'r.readAt'));
  return queryRows(
    dataSource,
    readReceiptCell,
    `SELECT r.pupilId, ${bucket} AS bucket, COUNT(*) AS receipts,
            SUM(CASE WHEN m.kind IN ('request', 'invitation') THEN 1 ELSE 0 END) AS requests,
            SUM(CASE WHEN m.kind IN ('request', 'invitation') AND r.answeredAt IS NOT NULL THEN 1 ELSE 0 END) AS answered,
            SUM(CASE WHEN r.readAt IS NOT NULL AND m.language <> p.preferredLanguage THEN 1 ELSE 0 END) AS translatedReads
       FROM message m
       JOIN message_recipient r ON r.messageId = m.id
       JOIN person p ON p.id = r.personId
      WHERE m.schoolId = ? AND m.createdAt >= ? AND m.createdAt < ? AND m.recalledAt IS NULL
        AND r.role = 'guardian' AND r.pupilId IS NOT NULL
      GROUP BY r.pupilId, ${bucket}`,
    [schoolId, sqlInstant(start), sqlInstant(end)],
  );
}

/** One child's guardians' receipts of one month's messages. */
export interface MonthCell {
  readonly pupilId: string;
  readonly month: string;
  readonly receipts: number;
  readonly readCount: number;
}

const readMonthCell = rowReader({ pupilId: column.text, month: column.text, receipts: column.count, readCount: column.count });

/** Receipts and reads per child and month (`YYYY-MM`, UTC) since `start`: the trend charts. */
export async function readMonthCells(dataSource: DataSource, schoolId: string, start: Date, end: Date): Promise<MonthCell[]> {
  const month = engineOf(dataSource) === 'sqlite' ? "strftime('%Y-%m', m.createdAt)" : "DATE_FORMAT(m.createdAt, '%Y-%m')";
  return queryRows(
    dataSource,
    readMonthCell,
    `SELECT r.pupilId, ${month} AS month, COUNT(*) AS receipts, COUNT(r.readAt) AS readCount
       FROM message m JOIN message_recipient r ON r.messageId = m.id
      WHERE m.schoolId = ? AND m.createdAt >= ? AND m.createdAt < ? AND m.recalledAt IS NULL
        AND r.role = 'guardian' AND r.pupilId IS NOT NULL
      GROUP BY r.pupilId, ${month}`,
    [schoolId, sqlInstant(start), sqlInstant(end)],
  );
}
