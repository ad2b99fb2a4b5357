import type { EntityManager } from 'typeorm';

/**
 * Inserts rows with multi-row INSERT statements of at most `chunk` rows: a class or school
 * announcement writes thousands of rows, and one statement per row would take seconds.
 */
export async function insertRows(manager: EntityManager, table: string, columns: readonly string[], rows: readonly unknown[][], chunk = 400): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    await manager.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${slice.map(() => tuple).join(',')}`, slice.flat());
  }
}
