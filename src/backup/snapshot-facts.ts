import { MIGRATIONS_TABLE } from '../db/data-source.js';

/** What a backup learns from its own database snapshot (never from the live database). */
export interface SnapshotFacts {
  /** Rows per table. */
  readonly tables: Record<string, number>;
  /** Names of the applied migrations, as the migrations table lists them. */
  readonly migrations: string[];
  /** Storage keys of media that rows reference, sorted, without repeats. */
  readonly referencedKeys: string[];
}

/** Tables whose rows name stored media (portfolio media and message files share these columns). */
const STORED_ITEM_TABLES = ['portfolio_medium', 'message_file'] as const;
const STORAGE_KEY_COLUMNS = ['originalKey', 'screenKey', 'thumbnailKey'] as const;

/** The columns a snapshot reads beyond counting rows, by table. */
export const CAPTURED_COLUMNS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  [MIGRATIONS_TABLE, ['name']],
  ...STORED_ITEM_TABLES.map((table) => [table, STORAGE_KEY_COLUMNS] as const),
]);

/** Collects the captured columns' values into facts while a snapshot is read. */
export class SnapshotFactsCollector {
  private readonly migrations: string[] = [];
  private readonly keys = new Set<string>();

  /** One row of a captured table, with the captured columns' values (null for SQL NULL). */
  add(table: string, values: Readonly<Record<string, string | null>>): void {
    if (table === MIGRATIONS_TABLE) {
      if (values.name) this.migrations.push(values.name);
      return;
    }
    for (const column of STORAGE_KEY_COLUMNS) {
      const key = values[column];
      if (key) this.keys.add(key);
    }
  }

  facts(tables: Record<string, number>): SnapshotFacts {
    return { tables, migrations: [...this.migrations], referencedKeys: [...this.keys].sort() };
  }
}
