import type { SnapshotFactsCollector } from './snapshot-facts.js';

/** What a backslash escape in a dumped string stands for (MySQL's string-literal escapes). */
const UNESCAPED: Readonly<Record<string, string>> = { '0': '\0', n: '\n', r: '\r', t: '\t', b: '\b', Z: '\x1a' };

const INSERT_START = /^INSERT INTO `((?:[^`]|``)+)` VALUES/;
const CREATE_START = /^CREATE TABLE `((?:[^`]|``)+)` \(/;
const COLUMN_LINE = /^ {2}`((?:[^`]|``)+)` /;

function unquoteName(quoted: string): string {
  return quoted.replace(/``/g, '`');
}

/**
 * Reads a `mariadb-dump` file line by line and learns what the snapshot it holds contains: the
 * rows of each table (every `(…)` tuple of its INSERTs) and the values of a few captured columns.
 * The dump is the snapshot: counting the live database instead would count another instant.
 *
 * Dumped string literals never hold a raw line break (the dump escapes it), so a line starting
 * with `INSERT INTO` always starts a statement; tuples may follow on the same line or on the next
 * ones, which is why the tuple state carries across lines.
 */
export class DumpScanner {
  private readonly counts = new Map<string, number>();
  private readonly columns = new Map<string, string[]>();
  private creating: { table: string; columns: string[] } | null = null;
  private inserting: { table: string; captured: readonly string[] | undefined } | null = null;
  private inTuple = false;
  private quote: string | null = null;
  private escaped = false;
  private sawString = false;
  private text = '';
  private values: (string | null)[] = [];
  /** True once the dump's closing comment was read: the dump ran to its end. */
  completed = false;

  constructor(
    private readonly captured: ReadonlyMap<string, readonly string[]>,
    private readonly collector: SnapshotFactsCollector,
  ) {}

  /** Rows per table; tables created without any INSERT count 0. */
  tableCounts(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Feeds one line of the dump, without its line break. */
  line(line: string): void {
    if (this.inserting) {
      this.scan(line, 0);
      return;
    }
    const insert = INSERT_START.exec(line);
    if (insert) {
      const table = unquoteName(insert[1]!);
      this.inserting = { table, captured: this.captured.has(table) ? this.columns.get(table) : undefined };
      if (this.captured.has(table) && !this.inserting.captured) throw new Error(`the dump inserts into ${table} before creating it`);
      this.counts.set(table, this.counts.get(table) ?? 0);
      this.scan(line, insert[0].length);
      return;
    }
    const create = CREATE_START.exec(line);
    if (create) {
      this.creating = { table: unquoteName(create[1]!), columns: [] };
      this.counts.set(this.creating.table, 0);
      return;
    }
    if (this.creating) {
      const column = COLUMN_LINE.exec(line);
      if (column) this.creating.columns.push(unquoteName(column[1]!));
      else if (line.startsWith(')')) {
        this.columns.set(this.creating.table, this.creating.columns);
        this.creating = null;
      }
      return;
    }
    if (line.startsWith('-- Dump completed')) this.completed = true;
  }

  private scan(line: string, from: number): void {
    const capturing = this.inserting?.captured !== undefined;
    for (let i = from; i < line.length; i += 1) {
      const char = line[i]!;
      if (this.quote !== null) {
        if (this.escaped) {
          if (capturing) this.text += UNESCAPED[char] ?? char;
          this.escaped = false;
        } else if (char === '\\') {
          this.escaped = true;
        } else if (char === this.quote) {
          if (line[i + 1] === this.quote) {
            if (capturing) this.text += char;
            i += 1;
          } else {
            this.quote = null;
          }
        } else if (capturing) {
          this.text += char;
        }
        continue;
      }
      if (!this.inTuple) {
        if (char === '(') this.startTuple();
        else if (char === ';') {
          this.inserting = null;
          return;
        }
        continue;
      }
      if (char === "'" || char === '"') {
        this.quote = char;
        if (capturing && !this.sawString) this.text = '';
        this.sawString = true;
      } else if (char === ',') {
        this.endValue();
      } else if (char === ')') {
        this.endValue();
        this.endTuple();
      } else if (capturing) {
        this.text += char;
      }
    }
    if (this.quote !== null && capturing) this.text += '\n';
  }

  private startTuple(): void {
    const table = this.inserting!.table;
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    this.inTuple = true;
    this.values = [];
    this.text = '';
    this.sawString = false;
  }

  private endValue(): void {
    if (this.inserting?.captured !== undefined) {
      const raw = this.text.trim();
      this.values.push(this.sawString ? this.text : raw === 'NULL' ? null : raw);
    }
    this.text = '';
    this.sawString = false;
  }

  private endTuple(): void {
    this.inTuple = false;
    const { table, captured } = this.inserting!;
    if (captured === undefined) return;
    const wanted = this.captured.get(table) ?? [];
    const row: Record<string, string | null> = {};
    for (const column of wanted) {
      const index = captured.indexOf(column);
      if (index >= 0) row[column] = this.values[index] ?? null;
    }
    this.collector.add(table, row);
  }
}
