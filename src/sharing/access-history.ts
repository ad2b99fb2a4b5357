import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { newId } from '../model/columns.js';
import { ACCESS_CHANNELS, PortfolioAccess, type AccessChannel } from '../model/portfolio-access.js';
import { readSchoolSettings } from '../model/school-settings.js';
import { School } from '../model/school.js';
import { coarseNetworkOf, deviceFamilyOf } from './device-and-network.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';

const DAY_MS = 24 * 3_600_000;
/** Lines of history a page shows. */
const HISTORY_PAGE_SIZE = 100;

/** Who opened a portfolio, as recorded. */
interface AccessFacts {
  readonly schoolId: string;
  readonly pupilId: string;
  readonly channel: AccessChannel;
  readonly personId?: string;
  readonly grantId?: string;
  readonly userAgent: string | undefined;
  readonly address: string | undefined;
}

/** Records one view of a portfolio: the device family and coarse network only, never the address. */
export async function recordPortfolioAccess(dataSource: DataSource, facts: AccessFacts, now: Date): Promise<void> {
  await dataSource.getRepository(PortfolioAccess).insert({
    id: newId(),
    schoolId: facts.schoolId,
    pupilId: facts.pupilId,
    channel: facts.channel,
    personId: facts.personId ?? null,
    grantId: facts.grantId ?? null,
    deviceFamily: deviceFamilyOf(facts.userAgent),
    network: coarseNetworkOf(facts.address),
    at: now,
  });
}

/** One line of the history, as guardians and the school read it. */
export interface AccessLine {
  readonly at: Date;
  readonly channel: AccessChannel;
  readonly pupilName: string;
  /** The account's name, or the link's label ("Grand-mère"); nothing for a QR code. */
  readonly who: string | null;
  /** The account that viewed, if any. */
  readonly personId: string | null;
  /** That account is a guardian of the child (shown to other guardians without a name). */
  readonly byGuardian: boolean;
  /** The line stands for another guardian of the child, whose name this reader is not given. */
  readonly otherGuardian: boolean;
  readonly deviceFamily: string;
  readonly network: string;
}

const readAccessRow = rowReader({
  at: column.instant,
  personId: column.nullableText,
  byGuardian: column.flag,
  channel: column.oneOf(ACCESS_CHANNELS),
  pupilGiven: column.text,
  givenName: column.nullableText,
  familyName: column.nullableText,
  label: column.nullableText,
  deviceFamily: column.text,
  network: column.text,
});

/**
 * The latest views of these children's portfolios (or of the whole school's), newest first. The
 * caller has checked with the policy that the actor may read them: `sharing.viewHistory` for each
 * child, the school's `auditLog` for the whole school.
 */
export async function listAccessHistory(dataSource: DataSource, schoolId: string, pupilIds: readonly string[] | 'wholeSchool'): Promise<AccessLine[]> {
  if (pupilIds !== 'wholeSchool' && pupilIds.length === 0) return [];
  const children = pupilIds === 'wholeSchool' ? [] : pupilIds;
  const rows = await queryRows(dataSource, readAccessRow, `SELECT a.at AS at, a.channel AS channel, c.givenName AS pupilGiven, p.givenName AS givenName, p.familyName AS familyName,
            g.label AS label, a.deviceFamily AS deviceFamily, a.network AS network, a.personId AS personId,
            CASE WHEN EXISTS (SELECT 1 FROM guardianship gg WHERE gg.guardianId = a.personId AND gg.childId = a.pupilId AND gg.schoolId = a.schoolId)
                 THEN 1 ELSE 0 END AS byGuardian
       FROM portfolio_access a
       JOIN person c ON c.id = a.pupilId
       LEFT JOIN person p ON p.id = a.personId
       LEFT JOIN share_grant g ON g.id = a.grantId
      WHERE a.schoolId = ?${children.length > 0 ? ` AND a.pupilId IN (${children.map(() => '?').join(', ')})` : ''}
      ORDER BY a.at DESC, a.id
      LIMIT ${HISTORY_PAGE_SIZE}`,
    [schoolId, ...children]);
  return rows.map((row) => ({
    at: row.at,
    channel: row.channel,
    pupilName: row.pupilGiven,
    who: row.givenName !== null ? `${row.givenName} ${row.familyName ?? ''}`.trim() : row.label,
    personId: row.personId,
    byGuardian: row.byGuardian,
    otherGuardian: false,
    deviceFamily: row.deviceFamily,
    network: row.network,
  }));
}

/** Deletes history older than each school's `accessLogRetentionDays`. Returns how many lines went. */
export async function purgeAccessHistory(dataSource: DataSource, now: Date): Promise<number> {
  let removed = 0;
  for (const school of await dataSource.getRepository(School).find({ select: { id: true, settingsJson: true } })) {
    const days = readSchoolSettings(school).sharing.accessLogRetentionDays;
    const result = await dataSource
      .createQueryBuilder()
      .delete()
      .from(PortfolioAccess)
      .where('schoolId = :schoolId AND at < :before', { schoolId: school.id, before: sqlInstant(new Date(now.getTime() - days * DAY_MS)) })
      .execute();
    removed += result.affected ?? 0;
  }
  return removed;
}

/**
 * The history as a guardian reads it: views by the child's other guardians keep their date,
 * device and network but lose the name — separated parents follow the same child without learning
 * each other's comings and goings. The school (teachers, director) reads every name.
 */
export function withoutOtherGuardiansNames(lines: readonly AccessLine[], readerId: string): AccessLine[] {
  return lines.map((line) => (line.byGuardian && line.personId !== readerId ? { ...line, who: null, otherGuardian: true } : line));
}
