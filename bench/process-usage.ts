import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and resident memory of one process, read from /proc/<pid>/stat. */
export interface ProcessSample {
  /** User + system CPU seconds since the process started. */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
  readonly at: number;
}

// Linux reports CPU times in clock ticks (USER_HZ, 100 on every usual kernel) and RSS in pages.
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** Samples a process; undefined when it is gone (or /proc is unreadable). */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, rss] = [Number(fields[11]), Number(fields[12]), Number(fields[21])];
    return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rss * PAGE_BYTES, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** The share of one core a process used between two samples (1 = one core busy all the time). */
export function coresUsed(before: ProcessSample, after: ProcessSample): number {
  const seconds = (after.at - before.at) / 1000;
  return seconds > 0 ? (after.cpuSeconds - before.cpuSeconds) / seconds : 0;
}

/** The whole machine's busy CPU time (all cores, every process), from /proc/stat, as a sample. */
export function sampleMachine(): ProcessSample | undefined {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    const values = ticks.map(Number);
    // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
    const busy = values.slice(0, 8).reduce((sum, value) => sum + value, 0) - values[3]! - values[4]!;
    return { cpuSeconds: busy / TICKS_PER_SECOND, rssBytes: 0, at: performance.now() };
  } catch {
    return undefined;
  }
}

/** The name under which {@link UsageWatch} reports the whole machine (not one of the watched processes). */
export const WHOLE_MACHINE = 'whole machine';

/** The pid of the MariaDB server on this machine, if one runs (it may serve other clients too). */
export function mariadbPid(): number | undefined {
  try {
    const pid = Number(execFileSync('pidof', ['-s', 'mariadbd'], { encoding: 'utf8' }).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A group of named processes watched together over a step. */
export class UsageWatch {
  private before = new Map<string, ProcessSample>();

  constructor(private readonly processes: () => ReadonlyMap<string, number | undefined>) {}

  start(): void {
    this.before = new Map();
    const machine = sampleMachine();
    if (machine) this.before.set(WHOLE_MACHINE, machine);
    for (const [name, pid] of this.processes()) {
      const sample = pid === undefined ? undefined : sampleProcess(pid);
      if (sample) this.before.set(name, sample);
    }
  }

  /**
   * Cores used by each process since start(), and its resident memory now; also the whole
   * machine's busy cores (other work on a shared machine shows there).
   */
  stop(): Map<string, { cores: number; rssBytes: number }> {
    const result = new Map<string, { cores: number; rssBytes: number }>();
    const machineBefore = this.before.get(WHOLE_MACHINE);
    const machineAfter = sampleMachine();
    if (machineBefore && machineAfter) result.set(WHOLE_MACHINE, { cores: coresUsed(machineBefore, machineAfter), rssBytes: 0 });
    for (const [name, pid] of this.processes()) {
      const first = this.before.get(name);
      const last = pid === undefined ? undefined : sampleProcess(pid);
      if (first && last) result.set(name, { cores: coresUsed(first, last), rssBytes: last.rssBytes });
    }
    return result;
  }
}
