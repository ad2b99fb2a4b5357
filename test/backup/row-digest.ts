import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { engineOf } from '../../src/db/data-source.js';

/** Each table's rows, by primary key (`id`, or the whole row for tables without one), as a hash of their values. */
export type RowDigest = Map<string, Map<string, string>>;

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Reads every row of every table of a database into a digest. */
export async function rowDigest(dataSource: DataSource): Promise<RowDigest> {
  const tables = (
    (await dataSource.query(
      engineOf(dataSource) === 'sqlite'
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name"
        : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name',
    )) as { name: string }[]
  ).map((row) => row.name);
  const digest: RowDigest = new Map();
  for (const table of tables) {
    const rows = (await dataSource.query(`SELECT * FROM ${engineOf(dataSource) === 'sqlite' ? `"${table}"` : `\`${table}\``}`)) as Record<string, unknown>[];
    const byKey = new Map<string, string>();
    for (const row of rows) {
      const text = JSON.stringify(Object.keys(row).sort().map((column) => [column, canonical(row[column])]));
      const hash = createHash('sha256').update(text).digest('hex');
      byKey.set(typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : hash, hash);
    }
    digest.set(table, byKey);
  }
  return digest;
}
