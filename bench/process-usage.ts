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
    for (const [name, pid] of this.processes()) {
      const sample = pid === undefined ? undefined : sampleProcess(pid);
      if (sample) this.before.set(name, sample);
    }
  }

  /** Cores used by each process since start(), and its resident memory now. */
  stop(): Map<string, { cores: number; rssBytes: number }> {
    const result = new Map<string, { cores: number; rssBytes: number }>();
    for (const [name, pid] of this.processes()) {
      const first = this.before.get(name);
      const last = pid === undefined ? undefined : sampleProcess(pid);
      if (first && last) result.set(name, { cores: coresUsed(first, last), rssBytes: last.rssBytes });
    }
    return result;
  }
}
