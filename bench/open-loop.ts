import { performance } from 'node:perf_hooks';

/** One user action of a workload: its kind (for per-kind figures) and how to do it. */
export interface Action {
  readonly kind: string;
  /** Resolves true when the server answered as expected; false or a rejection is an error. */
  run(): Promise<boolean>;
}

/** The latencies and errors of one kind of action in a run. */
export interface KindFigures {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** One open-loop run at a fixed arrival rate. */
export interface OpenLoopRun {
  readonly rate: number;
  readonly seconds: number;
  /** Actions completed per second (arrivals that finished, errors included). */
  readonly completedPerSecond: number;
  /** Over every kind but those kept outside the latency budget (see {@link runOpenLoop}). */
  readonly p50: number;
  readonly p99: number;
  /** Failed actions, and arrivals dropped because too many were already waiting. */
  readonly errors: number;
  readonly byKind: ReadonlyMap<string, KindFigures>;
}

/** The `fraction` percentile of sorted values (nearest rank), 0 for none. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

/**
 * Open loop: actions arrive at `rate` per second for `seconds`, on schedule whatever the server's
 * pace (as families arrive at the rentrée), and each latency counts from when the action was due,
 * so a stalled server shows in the figures instead of slowing the load down (a closed loop's p99
 * is only its concurrency divided by its throughput). At most `maxInFlight` actions wait at once:
 * an arrival beyond that counts as an error, as a user giving up.
 */
export async function runOpenLoop(
  next: (index: number) => Action,
  rate: number,
  seconds: number,
  options: { outsideBudget?: ReadonlySet<string>; maxInFlight?: number } = {},
): Promise<OpenLoopRun> {
  const maxInFlight = options.maxInFlight ?? 1024;
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const all: number[] = [];
  const kinds = new Map<string, { latencies: number[]; errors: number }>();
  const of = (kind: string) => kinds.get(kind) ?? kinds.set(kind, { latencies: [], errors: 0 }).get(kind)!;
  let inFlight = 0;
  let errors = 0;
  const running: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const action = next(index);
    if (inFlight >= maxInFlight) {
      errors += 1;
      of(action.kind).errors += 1;
      continue;
    }
    inFlight += 1;
    running.push(
      action
        .run()
        .catch(() => false)
        .then((ok) => {
          const latency = performance.now() - due;
          if (!options.outsideBudget?.has(action.kind)) all.push(latency);
          of(action.kind).latencies.push(latency);
          if (!ok) {
            errors += 1;
            of(action.kind).errors += 1;
          }
        })
        .finally(() => {
          inFlight -= 1;
        }),
    );
  }
  await Promise.all(running);
  const elapsed = (performance.now() - started) / 1000;
  all.sort((a, b) => a - b);
  const byKind = new Map<string, KindFigures>();
  for (const [kind, figures] of kinds) {
    figures.latencies.sort((a, b) => a - b);
    byKind.set(kind, { count: figures.latencies.length, p50: percentile(figures.latencies, 0.5), p99: percentile(figures.latencies, 0.99), errors: figures.errors });
  }
  const completed = [...kinds.values()].reduce((sum, figures) => sum + figures.latencies.length, 0);
  return { rate, seconds, completedPerSecond: completed / elapsed, p50: percentile(all, 0.5), p99: percentile(all, 0.99), errors, byKind };
}

/** What a knee search found. */
export interface Knee {
  /** The highest arrival rate held (p99 within the bound, no error); 0 when even the first failed. */
  readonly rate: number;
  /** The run at that rate, and every step tried, in order. */
  readonly held: OpenLoopRun | undefined;
  readonly steps: readonly OpenLoopRun[];
}

/** How a knee is searched: geometric steps up from `start`, then halving the last interval. */
export interface KneeSearch {
  readonly start: number;
  /** Each step multiplies the rate by this while it holds. */
  readonly factor: number;
  /** Refinements between the last rate held and the first that failed. */
  readonly refinements: number;
  readonly max: number;
  readonly stepSeconds: number;
  readonly p99BoundMs: number;
  /** Kinds judged by a bound of their own, not the p99 bound (e.g. uploads, whose time is the image's processing). */
  readonly ownBounds?: ReadonlyMap<string, number>;
  /** Called before each step (e.g. to sample the processes' CPU), and after it with the run. */
  readonly around?: (rate: number) => Promise<(run: OpenLoopRun) => void>;
}

/**
 * The knee: the highest arrival rate held with p99 ≤ the bound and no error, found by stepping
 * rates up geometrically until one fails, then bisecting (geometric mean) between the last held
 * and the first failed. A pause between steps lets the server drain what a failed step queued.
 */
export async function findKnee(next: (index: number) => Action, search: KneeSearch): Promise<Knee> {
  const steps: OpenLoopRun[] = [];
  const ownBounds = search.ownBounds ?? new Map<string, number>();
  const holds = (run: OpenLoopRun) =>
    run.errors === 0 && run.p99 <= search.p99BoundMs && [...ownBounds].every(([kind, bound]) => (run.byKind.get(kind)?.p99 ?? 0) <= bound);
  const step = async (rate: number) => {
    const after = await search.around?.(rate);
    const run = await runOpenLoop(next, rate, search.stepSeconds, { outsideBudget: new Set(ownBounds.keys()) });
    after?.(run);
    steps.push(run);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return run;
  };
  let held: OpenLoopRun | undefined;
  let failedAt: number | undefined;
  for (let rate = search.start; rate <= search.max; rate = Math.round(rate * search.factor)) {
    const run = await step(rate);
    if (!holds(run)) {
      failedAt = rate;
      break;
    }
    held = run;
  }
  // When even the first rate fails, halve it until one holds (down to 2/s): a knee of 0 tells nothing.
  while (held === undefined && failedAt !== undefined && failedAt / 2 >= 2) {
    const run = await step(Math.round(failedAt / 2));
    if (holds(run)) held = run;
    else failedAt = run.rate;
  }
  for (let refinement = 0; refinement < search.refinements && failedAt !== undefined; refinement += 1) {
    const low = held?.rate ?? 0;
    const rate = Math.round(low > 0 ? Math.sqrt(low * failedAt) : failedAt / 2);
    if (rate <= low || rate >= failedAt || rate < 1) break;
    const run = await step(rate);
    if (holds(run)) held = run;
    else failedAt = rate;
  }
  return { rate: held?.rate ?? 0, held, steps };
}
