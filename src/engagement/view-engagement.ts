import type { ModuleContext } from '../context.js';
import { engineOf } from '../db/data-source.js';
import { summarisedMessageCells } from './message-summaries.js';
import { notFound } from '../http/errors.js';
import { loadSchoolFacts } from '../messaging/school-facts.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { computeFigures, monthlyReadRates, type FamilyGroup, type Figures, type MonthRate, type ReachFacts } from './figures.js';
import { periodSpan, schoolYearMonths, type EngagementPeriod } from './period.js';
import {
  readFamilyLines,
  readChildCells,
  readLastContacts,
  readLastFeatured,
  readLastSharedViews,
  type Engine,
  type FamilyLine,
  type ReceiptCell,
} from './school-reach-facts.js';
import type { RawQueries } from '../db/row-reader.js';

/** A class's figures: its name and numbers, never its teachers. */
export interface ClassFigures {
  readonly classId: string;
  readonly className: string;
  readonly figures: Figures;
  readonly trend: readonly MonthRate[];
}

/** What the engagement page, its API and the trimester report show. */
export interface EngagementView {
  readonly schoolId: string;
  readonly schoolName: string;
  readonly timezone: string;
  readonly period: EngagementPeriod;
  readonly start: Date;
  readonly end: Date;
  readonly featureEveryDays: number;
  /** The school's figures, for those who may see them (the director, the elected parents). */
  readonly school: { readonly figures: Figures; readonly trend: readonly MonthRate[] } | null;
  /** The classes the viewer may see, by name. */
  readonly classes: readonly ClassFigures[];
  readonly months: readonly string[];
  /** Whether the viewer may open the families-to-reach list. */
  readonly mayListFamilies: boolean;
  /** Paper copies handed to families are not recorded by e-carnet: the figure is absent, said so. */
  readonly paperCopiesRecorded: false;
}

/**
 * Everything the figures of a school are computed from, read in parallel. The receipts of class
 * and family messages (`readMessages`: the module reads them pre-aggregated) are read once since the earlier of the span's and the year's start (the
 * span's figures filter them by date); those of school messages, per child, once per span.
 */
export async function readReachFacts(
  database: RawQueries,
  engine: Engine,
  schoolId: string,
  families: readonly FamilyLine[],
  start: Date,
  yearStart: Date,
  now: Date,
  readMessages: (from: Date, to: Date) => Promise<ReceiptCell[]>,
): Promise<{ facts: ReachFacts; trendCells: ReceiptCell[] }> {
  const earliest = start < yearStart ? start : yearStart;
  const sameSpan = start.getTime() === yearStart.getTime();
  const [lastContacts, lastSharedViews, lastFeatured, messageCells, childCellsOfSpan, childCellsOfYear] = await Promise.all([
    readLastContacts(database, schoolId),
    readLastSharedViews(database, schoolId),
    readLastFeatured(database, schoolId, now),
    readMessages(earliest, now),
    readChildCells(database, engine, schoolId, start, now),
    sameSpan ? Promise.resolve(null) : readChildCells(database, engine, schoolId, yearStart, now),
  ]);
  const ofYear = messageCells.filter((cell) => cell.sentAt !== null && cell.sentAt >= yearStart);
  return {
    facts: { families, lastContacts, lastSharedViews, lastFeatured, receipts: [...messageCells, ...childCellsOfSpan] },
    trendCells: [...ofYear, ...(childCellsOfYear ?? childCellsOfSpan)],
  };
}

/** The group of one class's families, or of the whole school's. */
export function familyGroup(families: readonly FamilyLine[], classId: string | null): FamilyGroup {
  const lines = families.filter((line) => classId === null || line.classId === classId);
  return { pupilIds: new Set(lines.map((line) => line.pupilId)), classIds: new Set(lines.map((line) => line.classId)) };
}

/**
 * The engagement indicators of a school over a period, as far as the viewer may see them: the
 * director the school and every class, a teacher their own classes, the elected parents the
 * school's figures only. Anyone else gets NOT_FOUND. No figure is ever given per teacher.
 */
export async function viewEngagement(
  deps: Pick<ModuleContext, 'dataSource' | 'clock'>,
  actor: Actor,
  schoolId: string,
  period: EngagementPeriod,
): Promise<EngagementView> {
  const { dataSource } = deps;
  const now = deps.clock.now();
  const school = await loadSchoolFacts(dataSource, schoolId);
  if (!school) throw notFound();
  const seesSchool = can(actor, 'view', { kind: 'engagement', schoolId, classId: null });
  const families = await readFamilyLines(dataSource, schoolId, now);
  const classNames = new Map(families.map((line) => [line.classId, line.className]));
  const visibleClassIds = [...classNames.keys()].filter((classId) => can(actor, 'view', { kind: 'engagement', schoolId, classId }));
  if (!seesSchool && visibleClassIds.length === 0) throw notFound();

  const span = periodSpan(period, now, school.timezone);
  const yearStart = periodSpan('year', now, school.timezone).start;
  const { facts, trendCells } = await readReachFacts(dataSource, engineOf(dataSource), schoolId, families, span.start, yearStart, now, (from, to) =>
    summarisedMessageCells(dataSource, schoolId, from, to, now),
  );
  const frame = { start: span.start, now, featureEveryDays: school.settings.portfolio.featureEveryDays };
  const months = schoolYearMonths(now, school.timezone);

  const collator = new Intl.Collator('fr', { numeric: true });
  return {
    schoolId,
    schoolName: school.name,
    timezone: school.timezone,
    period,
    start: span.start,
    end: span.end,
    featureEveryDays: frame.featureEveryDays,
    school: seesSchool ? { figures: computeFigures(facts, familyGroup(families, null), frame), trend: monthlyReadRates(trendCells, families, familyGroup(families, null), months) } : null,
    // Only what the small-group rule lets out leaves this function: no raw count reaches a door.
    classes: visibleClassIds
      .map((classId) => ({
        classId,
        className: classNames.get(classId)!,
        figures: computeFigures(facts, familyGroup(families, classId), frame),
        trend: monthlyReadRates(trendCells, families, familyGroup(families, classId), months),
      }))
      .sort((a, b) => collator.compare(a.className, b.className)),
    months,
    mayListFamilies: visibleClassIds.some((classId) => can(actor, 'listFamilies', { kind: 'engagement', schoolId, classId })),
    paperCopiesRecorded: false,
  };
}
