import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { READ_DELAY_BOUNDS_SECONDS, readDelayBucketSql, secondsBetweenSql } from './read-delays.js';

/*
 * The reads behind the figures. They take any raw query runner (a data source, or the benchmark's
 * plain mysql2 pool) and the engine, whose SQL differs for time arithmetic.
 */

/** The database engine, for the two statements whose SQL differs. */
export type Engine = 'sqlite' | 'mysql';

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
export async function readFamilyLines(dataSource: RawQueries, schoolId: string, now: Date): Promise<FamilyLine[]> {
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
 * account session used, their child's portfolio opened from their account, a message read (its
 * latest read is one index lookup per guardian).
 * A guardian absent from the answer never connected.
 */
export async function readLastContacts(dataSource: RawQueries, schoolId: string): Promise<Map<string, Date>> {
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
        SELECT g.guardianId AS id, (SELECT MAX(r.readAt) FROM message_recipient r WHERE r.personId = g.guardianId) AS at
          FROM guardianship g WHERE g.schoolId = ?
      ) seen
      GROUP BY seen.id
      HAVING MAX(seen.at) IS NOT NULL`,
    [schoolId, schoolId, schoolId, schoolId],
  );
  return new Map(rows.map((row) => [row.id, row.lastAt]));
}

/** When each child's portfolio was last opened with a QR code or a personal link (no account). */
export async function readLastSharedViews(dataSource: RawQueries, schoolId: string): Promise<Map<string, Date>> {
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
export async function readLastFeatured(dataSource: RawQueries, schoolId: string, now: Date): Promise<Map<string, Date>> {
  const rows = await queryRows(
    dataSource,
    readLastAt,
    `SELECT f.pupilId AS id, MAX(f.publishAt) AS lastAt FROM portfolio_feed_item f
      WHERE f.schoolId = ? AND f.publishAt <= ? GROUP BY f.pupilId`,
    [schoolId, sqlInstant(now)],
  );
  return new Map(rows.map((row) => [row.id, row.lastAt]));
}

/**
 * Guardians' receipts counted together: those of one message sent to a class (`classId`), or
 * those of one child's guardians (`pupilId`), sent in one month.
 */
export interface ReceiptCell {
  readonly classId: string | null;
  readonly pupilId: string | null;
  /** `YYYY-MM` (UTC) of the messages. */
  readonly month: string;
  /** When the message was sent, for a message's own cell (null for a child's cell). */
  readonly sentAt: Date | null;
  readonly receipts: number;
  readonly unread: number;
  /** Reads per delay bucket (see read-delays.ts). */
  readonly histogram: readonly number[];
  /** Of the receipts, requests or invitations, and of those, answered. */
  readonly requests: number;
  readonly answered: number;
  /** Read in another language than the message's: shown translated. */
  readonly translatedReads: number;
}

/** Messages whose receipts are counted per message: to a class, or about one child. */
export const PER_MESSAGE = "((m.audience = 'class' AND m.classId IS NOT NULL) OR m.pupilId IS NOT NULL)";

const RECEIPT_SUMS = `COUNT(*) AS receipts,
            SUM(CASE WHEN r.readAt IS NULL THEN 1 ELSE 0 END) AS unread,
            SUM(CASE WHEN m.kind IN ('request', 'invitation') THEN 1 ELSE 0 END) AS requests,
            SUM(CASE WHEN m.kind IN ('request', 'invitation') AND r.answeredAt IS NOT NULL THEN 1 ELSE 0 END) AS answered,
            SUM(CASE WHEN r.readAt IS NOT NULL AND m.language <> p.preferredLanguage THEN 1 ELSE 0 END) AS translatedReads`;

const readMessageRow = rowReader({
  messageId: column.text,
  classId: column.nullableText,
  pupilId: column.nullableText,
  sentAt: column.instant,
  receipts: column.count,
  unread: column.count,
  requests: column.count,
  answered: column.count,
  translatedReads: column.count,
  within: column.text,
});

/**
 * The receipts of the messages sent to a class or about one child since `start`, one row per
 * message. Grouped by the message, the rows come in the order the join reads them, so the
 * database aggregates as it goes (no temporary table over the receipts): this is what keeps a
 * year of a large school's receipts (200,000) a single fast pass. Reads per delay are counted
 * cumulatively ("within 15 minutes", "within an hour"…) and made a histogram here.
 */
export async function readMessageCells(database: RawQueries, engine: Engine, schoolId: string, start: Date, end: Date): Promise<ReceiptCell[]> {
  return (await readMessageSums(database, engine, schoolId, { start, end })).map(messageCell);
}

/** One message's receipts summed, with its reads within each delay bound (comma-separated, cumulative). */
export type MessageSums = ReturnType<typeof readMessageRow>;

/** A message's sums as a cell. */
export function messageCell({ within: text, messageId: _messageId, ...row }: MessageSums): ReceiptCell {
  const counts = text === '' ? [] : text.split(',').map(Number);
  const reads = row.receipts - row.unread;
  const histogram = [...READ_DELAY_BOUNDS_SECONDS.map((_bound, index) => (counts[index] ?? 0) - (counts[index - 1] ?? 0)), reads - (counts[counts.length - 1] ?? 0)];
  return { ...row, month: row.sentAt.toISOString().slice(0, 7), histogram };
}

/**
 * The sums of the messages sent to a class or about one child, over a span or for given messages
 * (a message without guardian receipts has no row).
 */
export async function readMessageSums(
  database: RawQueries,
  engine: Engine,
  schoolId: string,
  which: { start: Date; end: Date } | { ids: readonly string[] },
): Promise<MessageSums[]> {
  const seconds = secondsBetweenSql(engine, 'm.createdAt', 'r.readAt');
  const cumulative = READ_DELAY_BOUNDS_SECONDS.map((bound) => `SUM(CASE WHEN r.readAt IS NOT NULL AND ${seconds} <= ${bound} THEN 1 ELSE 0 END)`);
  const within = engine === 'sqlite' ? cumulative.join(" || ',' || ") : `CONCAT_WS(',', ${cumulative.join(', ')})`;
  const filter = 'ids' in which ? `m.id IN (${which.ids.map(() => '?').join(', ')})` : 'm.createdAt >= ? AND m.createdAt < ?';
  const parameters = 'ids' in which ? which.ids : [sqlInstant(which.start), sqlInstant(which.end)];
  return queryRows(
    database,
    readMessageRow,
    `SELECT m.id AS messageId, CASE WHEN m.audience = 'class' THEN m.classId ELSE NULL END AS classId,
            CASE WHEN m.audience = 'class' THEN NULL ELSE m.pupilId END AS pupilId, m.createdAt AS sentAt,
            ${RECEIPT_SUMS}, ${within} AS within
       FROM message m
       JOIN message_recipient r ON r.messageId = m.id
       JOIN person p ON p.id = r.personId
      WHERE m.schoolId = ? AND ${filter} AND m.recalledAt IS NULL AND ${PER_MESSAGE}
        AND r.role = 'guardian'
      GROUP BY m.id`,
    [schoolId, ...parameters],
  );
}

const readChildRow = rowReader({
  pupilId: column.text,
  month: column.text,
  bucket: column.number,
  receipts: column.count,
  unread: column.count,
  requests: column.count,
  answered: column.count,
  translatedReads: column.count,
});

/**
 * The receipts of the other messages (to the whole school, mostly) since `start`, per child, month
 * and delay bucket: each reaches families of every class, so they are counted per child.
 */
export async function readChildCells(database: RawQueries, engine: Engine, schoolId: string, start: Date, end: Date): Promise<ReceiptCell[]> {
  const bucket = readDelayBucketSql('r.readAt', secondsBetweenSql(engine, 'm.createdAt', 'r.readAt'));
  const month = engine === 'sqlite' ? "strftime('%Y-%m', m.createdAt)" : "DATE_FORMAT(m.createdAt, '%Y-%m')";
  const rows = await queryRows(
    database,
    readChildRow,
    `SELECT r.pupilId, ${month} AS month, ${bucket} AS bucket, ${RECEIPT_SUMS}
       FROM message m
       JOIN message_recipient r ON r.messageId = m.id
       JOIN person p ON p.id = r.personId
      WHERE m.schoolId = ? AND m.createdAt >= ? AND m.createdAt < ? AND m.recalledAt IS NULL AND NOT ${PER_MESSAGE}
        AND r.role = 'guardian' AND r.pupilId IS NOT NULL
      GROUP BY r.pupilId, ${month}, ${bucket}`,
    [schoolId, sqlInstant(start), sqlInstant(end)],
  );
  return rows.map(({ bucket: index, ...row }) => {
    const histogram = new Array<number>(READ_DELAY_BOUNDS_SECONDS.length + 1).fill(0);
    if (index >= 0) histogram[index] = row.receipts;
    return { ...row, classId: null, sentAt: null, histogram };
  });
}
