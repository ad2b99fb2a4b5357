import type { DataSource } from 'typeorm';
import { resolveImageConsent, type ConsentDecisionRow, type ResolvedImageConsent } from '../consent/resolve-image-consent.js';
import { sqlInstant } from '../db/sql-values.js';
import { IMAGE_CONSENT_PURPOSES, IMAGE_CONSENT_SCOPES, type ImageConsentPurpose, type ImageConsentScope } from '../model/roles.js';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';
import { inForce } from './in-force.js';

/*
 * One query gives both what `resolveImageConsent` needs: the decisions in force (`decision`
 * lines) and who holds parental authority now (`holder` lines, whose decisions count).
 */
const readConsentRow = rowReader({
  kind: column.oneOf(['decision', 'holder'] as const),
  childId: column.text,
  scope: nullable(column.oneOf(IMAGE_CONSENT_SCOPES)),
  purpose: nullable(column.oneOf(IMAGE_CONSENT_PURPOSES)),
  personId: column.nullableText,
});

/** A child's image rights for each purpose. */
export type ChildImageConsent = Readonly<Record<ImageConsentPurpose, ResolvedImageConsent>>;

/**
 * The image rights in force now for each child and each purpose, with each guardian's choice. A
 * child with no decision in force is `none` everywhere.
 */
export async function imageConsentStates(
  dataSource: DataSource,
  schoolId: string,
  childIds: readonly string[],
  now: Date,
): Promise<Map<string, ChildImageConsent>> {
  const decisions = new Map<string, ConsentDecisionRow[]>(childIds.map((id) => [id, []]));
  const holders = new Map<string, Set<string>>(childIds.map((id) => [id, new Set()]));
  if (childIds.length > 0) {
    const { sql, parameters } = currentImageConsentsQuery(schoolId, childIds, now);
    for (const row of await queryRows(dataSource, readConsentRow, sql, parameters)) {
      if (row.kind === 'holder' && row.personId) holders.get(row.childId)?.add(row.personId);
      if (row.kind === 'decision' && row.scope) decisions.get(row.childId)?.push({ scope: row.scope, purpose: row.purpose, givenById: row.personId });
    }
  }
  return new Map(
    childIds.map((childId) => {
      const rows = decisions.get(childId) ?? [];
      const childHolders = holders.get(childId) ?? new Set<string>();
      const byPurpose = Object.fromEntries(
        IMAGE_CONSENT_PURPOSES.map((purpose) => [purpose, resolveImageConsent(rows, childHolders, purpose)]),
      ) as Record<ImageConsentPurpose, ResolvedImageConsent>;
      return [childId, byPurpose];
    }),
  );
}

/** The scope in force now for each child, for one purpose; `none` without a decision. */
export async function currentImageConsents(
  dataSource: DataSource,
  schoolId: string,
  childIds: readonly string[],
  now: Date,
  purpose: ImageConsentPurpose,
): Promise<Map<string, ImageConsentScope>> {
  const states = await imageConsentStates(dataSource, schoolId, childIds, now);
  return new Map([...states].map(([childId, state]) => [childId, state[purpose].scope]));
}

/** The scopes in force for each purpose, when one page shows media of several purposes. */
export async function currentImageConsentsByPurpose(
  dataSource: DataSource,
  schoolId: string,
  childIds: readonly string[],
  now: Date,
): Promise<Record<ImageConsentPurpose, Map<string, ImageConsentScope>>> {
  const states = await imageConsentStates(dataSource, schoolId, childIds, now);
  const pick = (purpose: ImageConsentPurpose) => new Map([...states].map(([childId, state]) => [childId, state[purpose].scope]));
  return { portfolio: pick('portfolio'), classMoments: pick('classMoments'), printedDocuments: pick('printedDocuments') };
}

/** The SQL of `imageConsentStates` (at least one child): decisions oldest first, then holders. */
export function currentImageConsentsQuery(schoolId: string, childIds: readonly string[], now: Date): { sql: string; parameters: string[] } {
  const at = sqlInstant(now);
  const children = childIds.map(() => '?').join(', ');
  return {
    sql: `SELECT 'decision' AS kind, c.childId AS childId, c.scope AS scope, c.purpose AS purpose, c.givenById AS personId,
             c.createdAt AS createdAt, c.id AS id
        FROM image_consent c
       WHERE c.schoolId = ? AND c.childId IN (${children})
         AND ${inForce('c', 'validFrom', 'validTo')}
      UNION ALL
      SELECT 'holder' AS kind, g.childId AS childId, NULL AS scope, NULL AS purpose, g.guardianId AS personId,
             g.createdAt AS createdAt, g.id AS id
        FROM guardianship g
       WHERE g.schoolId = ? AND g.childId IN (${children}) AND g.status = 'full' AND g.approval = 'approved'
         AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}
      ORDER BY createdAt, id`,
    parameters: [schoolId, ...childIds, at, at, schoolId, ...childIds, at, at],
  };
}
