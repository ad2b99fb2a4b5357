/**
 * The small-group rule. A figure about fewer than `SMALL_GROUP` families could point at one of
 * them ("the only family who never reads is the one whose father…"), so:
 * - a count from 1 to 4 is shown as "fewer than 5", never as its number (0 is shown: it names
 *   nobody);
 * - a rate, a median or a 90th percentile is shown only when it is computed over at least
 *   5 families (or, for times to read, 5 messages read), otherwise "too few to say".
 * Five is the threshold the French statistical offices use for small cells, and a class has
 * 20 to 30 families, so a whole class's figures always show while a subgroup's may not.
 */
export const SMALL_GROUP = 5;

/** A count as shown: its value, or hidden as "fewer than 5". */
export type ShownCount = { readonly value: number } | { readonly fewerThan: number };

/** A rate as shown: a whole percentage, or hidden when computed over too few. */
export type ShownRate = { readonly percent: number } | { readonly tooFew: true };

/** Applies the rule to a count. */
export function shownCount(count: number): ShownCount {
  return count > 0 && count < SMALL_GROUP ? { fewerThan: SMALL_GROUP } : { value: count };
}

/** Applies the rule to a rate of `part` over `whole` (each a number of families or messages). */
export function shownRate(part: number, whole: number, over: number = whole): ShownRate {
  if (over < SMALL_GROUP || whole === 0) return { tooFew: true };
  return { percent: Math.round((100 * part) / whole) };
}
