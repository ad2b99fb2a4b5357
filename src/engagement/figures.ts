import type { FamilyLine, ReceiptCell } from './school-reach-facts.js';
import { delayQuantile, emptyHistogram, type DelayQuantile } from './read-delays.js';
import { shownCount, shownRate, SMALL_GROUP, type ShownCount, type ShownRate } from './small-groups.js';

/** A quantile of times to read as shown: hidden when fewer than 5 reads or families stand behind it. */
export type ShownDelay = DelayQuantile | { readonly tooFew: true } | { readonly none: true };

/** The figures of one group of families (the school, or one class), the small-group rule applied. */
export interface Figures {
  /** One family per child enrolled. */
  readonly families: ShownCount;
  readonly familiesReached: ShownCount;
  readonly reachedRate: ShownRate;
  readonly guardians: ShownCount;
  readonly guardiansNeverConnected: ShownCount;
  readonly receipts: ShownCount;
  readonly readRate: ShownRate;
  readonly medianTimeToRead: ShownDelay;
  readonly p90TimeToRead: ShownDelay;
  readonly requests: ShownCount;
  readonly answeredRate: ShownRate;
  readonly childrenNotFeatured: ShownCount;
  /** Guardians per language they read (BCP 47), most read first. */
  readonly languages: readonly { readonly language: string; readonly guardians: ShownCount }[];
  /** Messages read in another language than the one they were written in (shown translated). */
  readonly translatedReads: ShownCount;
}

/** What the figures are computed from: the school's facts, read once. */
export interface ReachFacts {
  readonly families: readonly FamilyLine[];
  readonly lastContacts: ReadonlyMap<string, Date>;
  readonly lastSharedViews: ReadonlyMap<string, Date>;
  readonly lastFeatured: ReadonlyMap<string, Date>;
  /** The receipts of the figures' span. */
  readonly receipts: readonly ReceiptCell[];
}

/** A group of families: the children in it, and the classes whose class messages count for it. */
export interface FamilyGroup {
  readonly pupilIds: ReadonlySet<string>;
  readonly classIds: ReadonlySet<string>;
}

/** Collects the children of a group who received receipts: the class messages' classes, and single children. */
class Receivers {
  private readonly classIds = new Set<string>();
  private readonly pupilIds = new Set<string>();

  add(cell: ReceiptCell): void {
    if (cell.classId !== null) this.classIds.add(cell.classId);
    else if (cell.pupilId !== null) this.pupilIds.add(cell.pupilId);
  }

  /** How many children of the group, once each class's children are counted in. */
  count(group: FamilyGroup, pupilsByClass: ReadonlyMap<string, readonly string[]>): number {
    const all = new Set(this.pupilIds);
    for (const classId of this.classIds) for (const pupilId of pupilsByClass.get(classId) ?? []) if (group.pupilIds.has(pupilId)) all.add(pupilId);
    return all.size;
  }
}

/** Whether a cell counts for a group. */
function inGroup(cell: ReceiptCell, group: FamilyGroup): boolean {
  return cell.classId !== null ? group.classIds.has(cell.classId) : cell.pupilId !== null && group.pupilIds.has(cell.pupilId);
}

const byClassCache = new WeakMap<readonly FamilyLine[], Map<string, string[]>>();

/** The children of each class, from the family lines (worked out once per list of lines). */
export function pupilsByClass(families: readonly FamilyLine[]): Map<string, string[]> {
  const cached = byClassCache.get(families);
  if (cached) return cached;
  const sets = new Map<string, Set<string>>();
  for (const line of families) {
    const set = sets.get(line.classId) ?? new Set<string>();
    set.add(line.pupilId);
    sets.set(line.classId, set);
  }
  const map = new Map([...sets].map(([classId, set]) => [classId, [...set]]));
  byClassCache.set(families, map);
  return map;
}

/** The span and the school's rhythm the figures are read against. */
export interface FiguresFrame {
  readonly start: Date;
  readonly now: Date;
  readonly featureEveryDays: number;
}

const DAY_MS = 24 * 3_600_000;

function shownDelay(histogram: readonly number[], q: number, families: number): ShownDelay {
  const reads = histogram.reduce((sum, count) => sum + count, 0);
  if (reads === 0) return { none: true };
  if (reads < SMALL_GROUP || families < SMALL_GROUP) return { tooFew: true };
  return delayQuantile(histogram, q)!;
}

/**
 * The figures of the families of the children in `pupilIds` (a class's, or the school's): pure,
 * so the page, the API, the PDF and the benchmark's check all read the same numbers.
 */
export function computeFigures(facts: ReachFacts, group: FamilyGroup, frame: FiguresFrame): Figures {
  const lines = facts.families.filter((line) => group.pupilIds.has(line.pupilId));
  const byClass = pupilsByClass(facts.families);
  const children = new Set(lines.map((line) => line.pupilId));
  const guardians = new Map<string, string>();
  for (const line of lines) guardians.set(line.guardianId, line.language);
  const reached = new Set<string>();
  for (const line of lines) {
    const contact = facts.lastContacts.get(line.guardianId);
    const shared = facts.lastSharedViews.get(line.pupilId);
    if ((contact && contact >= frame.start) || (shared && shared >= frame.start)) reached.add(line.pupilId);
  }
  const never = [...guardians.keys()].filter((guardianId) => !facts.lastContacts.has(guardianId)).length;

  const histogram = emptyHistogram();
  let receipts = 0;
  let unread = 0;
  let requests = 0;
  let answered = 0;
  let translated = 0;
  const withReceipts = new Receivers();
  const withRequests = new Receivers();
  for (const cell of facts.receipts) {
    if (!inGroup(cell, group) || (cell.sentAt !== null && cell.sentAt < frame.start)) continue;
    receipts += cell.receipts;
    unread += cell.unread;
    requests += cell.requests;
    answered += cell.answered;
    translated += cell.translatedReads;
    withReceipts.add(cell);
    if (cell.requests > 0) withRequests.add(cell);
    cell.histogram.forEach((count, index) => (histogram[index] = (histogram[index] ?? 0) + count));
  }

  const familiesWithReceipts = withReceipts.count(group, byClass);
  const familiesWithRequests = withRequests.count(group, byClass);
  const featuredSince = new Date(frame.now.getTime() - frame.featureEveryDays * DAY_MS);
  const notFeatured = [...children].filter((pupilId) => {
    const last = facts.lastFeatured.get(pupilId);
    return last === undefined || last < featuredSince;
  }).length;

  const byLanguage = new Map<string, number>();
  for (const language of guardians.values()) byLanguage.set(language, (byLanguage.get(language) ?? 0) + 1);

  return {
    families: shownCount(children.size),
    familiesReached: shownCount(reached.size),
    reachedRate: shownRate(reached.size, children.size),
    guardians: shownCount(guardians.size),
    guardiansNeverConnected: shownCount(never),
    receipts: shownCount(receipts),
    readRate: shownRate(receipts - unread, receipts, familiesWithReceipts),
    medianTimeToRead: shownDelay(histogram, 0.5, familiesWithReceipts),
    p90TimeToRead: shownDelay(histogram, 0.9, familiesWithReceipts),
    requests: shownCount(requests),
    answeredRate: shownRate(answered, requests, familiesWithRequests),
    childrenNotFeatured: shownCount(notFeatured),
    languages: [...byLanguage]
      .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
      .map(([language, count]) => ({ language, guardians: shownCount(count) })),
    translatedReads: shownCount(translated),
  };
}

/** One month's read rate for a group of families, the small-group rule applied. */
export interface MonthRate {
  readonly month: string;
  readonly readRate: ShownRate;
}

/** The read rate of each month for a group of families. */
export function monthlyReadRates(cells: readonly ReceiptCell[], families: readonly FamilyLine[], group: FamilyGroup, months: readonly string[]): MonthRate[] {
  const byClass = pupilsByClass(families);
  const byMonth = new Map<string, ReceiptCell[]>();
  for (const cell of cells) {
    if (!inGroup(cell, group)) continue;
    const list = byMonth.get(cell.month) ?? [];
    list.push(cell);
    byMonth.set(cell.month, list);
  }
  return months.map((month) => {
    let receipts = 0;
    let unread = 0;
    const receiving = new Receivers();
    for (const cell of byMonth.get(month) ?? []) {
      receipts += cell.receipts;
      unread += cell.unread;
      receiving.add(cell);
    }
    return { month, readRate: shownRate(receipts - unread, receipts, receiving.count(group, byClass)) };
  });
}
