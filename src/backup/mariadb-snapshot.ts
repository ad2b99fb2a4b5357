import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import mysql from 'mysql2/promise';
import { MIGRATIONS_TABLE } from '../db/data-source.js';
import { DumpScanner } from './dump-scanner.js';
import { dumpDatabase, type ClientConnection } from './mariadb-client.js';
import { CAPTURED_COLUMNS, SnapshotFactsCollector, type SnapshotFacts } from './snapshot-facts.js';

/** Dumps the live database into `file` (see {@link dumpDatabase}). */
export async function backUpMariadb(connection: ClientConnection, file: string): Promise<void> {
  await dumpDatabase(connection, file);
}

/** Reads the facts of a dump file: its rows per table, applied migrations and referenced media keys. */
export async function dumpFacts(file: string): Promise<SnapshotFacts> {
  const collector = new SnapshotFactsCollector();
  const scanner = new DumpScanner(CAPTURED_COLUMNS, collector);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) scanner.line(line);
  if (!scanner.completed) throw new Error(`${file} ends before mariadb-dump's closing line: the dump is incomplete`);
  const tables = scanner.tableCounts();
  if (tables[MIGRATIONS_TABLE] === undefined) throw new Error(`${file} has no ${MIGRATIONS_TABLE} table: not an e-carnet database`);
  return collector.facts(tables);
}

/** A connection to the database a URL names, created first when the server has no such database. */
async function connect(url: string, database: string): Promise<mysql.Connection> {
  const server = new URL(url);
  server.pathname = '/';
  const admin = await mysql.createConnection({ uri: server.toString() });
  try {
    await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  return mysql.createConnection({ uri: url });
}

function quoted(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** The tables of a MariaDB/MySQL database (creating the database when it does not exist yet). */
export async function mariadbTables(url: string, database: string): Promise<string[]> {
  const connection = await connect(url, database);
  try {
    const [rows] = await connection.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name');
    return (rows as { name: string }[]).map((row) => row.name);
  } finally {
    await connection.end();
  }
}

/** Drops every table of the database (a forced restore replaces all of it, not only the tables the dump names). */
export async function dropMariadbTables(url: string, database: string): Promise<void> {
  const tables = await mariadbTables(url, database);
  if (tables.length === 0) return;
  const connection = await connect(url, database);
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    await connection.query(`DROP TABLE ${tables.map(quoted).join(', ')}`);
  } finally {
    await connection.end();
  }
}

/** Rows per table, null for a table that does not exist, for the check after a restore. */
export async function mariadbTableCounts(url: string, database: string, tables: readonly string[]): Promise<Record<string, number | null>> {
  const present = new Set(await mariadbTables(url, database));
  const connection = await connect(url, database);
  try {
    const counts: Record<string, number | null> = {};
    for (const table of tables) {
      if (!present.has(table)) counts[table] = null;
      else {
        const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM ${quoted(table)}`);
        counts[table] = Number((rows as { n: number | string }[])[0]!.n);
      }
    }
    return counts;
  } finally {
    await connection.end();
  }
}
