/**
 * Times to read, kept as a histogram. Exact medians would need every receipt in memory (a year
 * of a large school is 200,000 of them); a director needs "half of the messages are read within
 * 3 hours", not the second. So each read falls in a bucket by its delay, the database counts
 * the buckets, and a quantile is the upper bound of the bucket where it lies.
 */
export const READ_DELAY_BOUNDS_SECONDS = [15 * 60, 3_600, 3 * 3_600, 6 * 3_600, 12 * 3_600, 86_400, 2 * 86_400, 4 * 86_400, 7 * 86_400] as const;

/** The bucket of a delay: its index in the bounds, or the bounds' length for "longer than a week". */
export function readDelayBucket(seconds: number): number {
  const index = READ_DELAY_BOUNDS_SECONDS.findIndex((bound) => seconds <= bound);
  return index === -1 ? READ_DELAY_BOUNDS_SECONDS.length : index;
}

/** The SQL of a receipt's bucket: -1 when not read, else as `readDelayBucket`, from a seconds expression. */
export function readDelayBucketSql(readAt: string, seconds: string): string {
  const cases = READ_DELAY_BOUNDS_SECONDS.map((bound, index) => `WHEN ${seconds} <= ${bound} THEN ${index}`).join(' ');
  return `CASE WHEN ${readAt} IS NULL THEN -1 ${cases} ELSE ${READ_DELAY_BOUNDS_SECONDS.length} END`;
}

/** Seconds from `from` to `to`, two instant columns, in the engine's dialect. */
export function secondsBetweenSql(engine: 'sqlite' | 'mysql', from: string, to: string): string {
  return engine === 'sqlite' ? `((julianday(${to}) - julianday(${from})) * 86400.0)` : `TIMESTAMPDIFF(SECOND, ${from}, ${to})`;
}

/** A quantile of reads: within this many seconds, or after a week (`null` bound). */
export interface DelayQuantile {
  readonly withinSeconds: number | null;
}

/** An empty histogram. */
export function emptyHistogram(): number[] {
  return new Array<number>(READ_DELAY_BOUNDS_SECONDS.length + 1).fill(0);
}

/** The `q` quantile (0.5, 0.9) of the reads a histogram counts; undefined when it counts none. */
export function delayQuantile(histogram: readonly number[], q: number): DelayQuantile | undefined {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let index = 0; index < histogram.length; index += 1) {
    seen += histogram[index]!;
    if (seen >= rank) return { withinSeconds: READ_DELAY_BOUNDS_SECONDS[index] ?? null };
  }
  return { withinSeconds: null };
}
