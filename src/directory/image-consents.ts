import type { DataSource } from 'typeorm';
import { sqlInstant } from '../db/sql-values.js';
import { IMAGE_CONSENT_SCOPES, type ImageConsentScope } from '../model/roles.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { inForce } from './in-force.js';

const readConsentRow = rowReader({ childId: column.text, scope: column.oneOf(IMAGE_CONSENT_SCOPES) });

/**
 * The image-rights scope in force now for each child; a child with no consent in force is
 * `none`. When several records are in force, the latest recorded wins.
 */
export async function currentImageConsents(
  dataSource: DataSource,
  schoolId: string,
  childIds: readonly string[],
  now: Date,
): Promise<Map<string, ImageConsentScope>> {
  const scopes = new Map<string, ImageConsentScope>(childIds.map((id) => [id, 'none']));
  if (childIds.length === 0) return scopes;
  const { sql, parameters } = currentImageConsentsQuery(schoolId, childIds, now);
  const rows = await queryRows(dataSource, readConsentRow, sql, parameters);
  for (const row of rows) scopes.set(row.childId, row.scope);
  return scopes;
}

/** The SQL of `currentImageConsents` (at least one child). */
export function currentImageConsentsQuery(schoolId: string, childIds: readonly string[], now: Date): { sql: string; parameters: string[] } {
  const at = sqlInstant(now);
  return {
    sql: `SELECT c.childId AS childId, c.scope AS scope
       FROM image_consent c
      WHERE c.schoolId = ? AND c.childId IN (${childIds.map(() => '?').join(', ')})
        AND ${inForce('c', 'validFrom', 'validTo')}
      ORDER BY c.createdAt, c.id`,
    parameters: [schoolId, ...childIds, at, at],
  };
}
