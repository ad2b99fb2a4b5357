import type { DataSource } from 'typeorm';
import { column, nullable, queryRows, rowReader } from '../db/row-reader.js';
import { sqlInstant } from '../db/sql-values.js';
import { GUARDIANSHIP_STATUSES, LEGAL_BASIS_KINDS, type GuardianshipStatus, type LegalBasisKind } from '../model/roles.js';
import { byNames } from '../i18n/collation.js';
import { mostRestrictive } from '../policy/load-actor.js';
import { inForce } from './in-force.js';

/** A guardian of a child in force now, as the school records it. */
export interface GuardianLink {
  readonly guardianshipId: string;
  readonly childId: string;
  readonly guardianId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly preferredLanguage: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly status: GuardianshipStatus;
  readonly relationship: string | null;
  readonly guardianRank: number | null;
  readonly legalBasisKind: LegalBasisKind | null;
  readonly legalBasisReference: string | null;
  readonly legalBasisDate: string | null;
  readonly effectiveFrom: Date;
}

/** A guardianship in force with its guardian: a `GuardianLink` once read. */
const readGuardianLink = rowReader({
  guardianshipId: column.text,
  childId: column.text,
  guardianId: column.text,
  givenName: column.text,
  familyName: column.text,
  preferredLanguage: column.text,
  email: column.nullableText,
  phone: column.nullableText,
  status: column.oneOf(GUARDIANSHIP_STATUSES),
  relationship: column.nullableText,
  guardianRank: column.nullableNumber,
  legalBasisKind: nullable(column.oneOf(LEGAL_BASIS_KINDS)),
  legalBasisReference: column.nullableText,
  legalBasisDate: column.calendarDate,
  effectiveFrom: column.instant,
});

/** The approved guardians in force now of the given children of a school, by child id. */
export async function listGuardiansOfChildren(
  dataSource: DataSource,
  schoolId: string,
  childIds: readonly string[],
  now: Date,
): Promise<Map<string, GuardianLink[]>> {
  const byChild = new Map<string, GuardianLink[]>();
  if (childIds.length === 0) return byChild;
  const at = sqlInstant(now);
  const rows = await queryRows(
    dataSource,
    readGuardianLink,
    `SELECT g.id AS guardianshipId, g.childId AS childId, g.guardianId AS guardianId, p.givenName AS givenName,
            p.familyName AS familyName, p.preferredLanguage AS preferredLanguage, p.email AS email, p.phone AS phone,
            g.status AS status, g.relationship AS relationship, g.guardianRank AS guardianRank,
            g.legalBasisKind AS legalBasisKind, g.legalBasisReference AS legalBasisReference,
            g.legalBasisDate AS legalBasisDate, g.effectiveFrom AS effectiveFrom
       FROM guardianship g
       JOIN person p ON p.id = g.guardianId
      WHERE g.schoolId = ? AND g.childId IN (${childIds.map(() => '?').join(', ')}) AND g.approval = 'approved'
        AND ${inForce('g', 'effectiveFrom', 'effectiveTo')}
      ORDER BY g.guardianRank, p.familyName, p.givenName`,
    [schoolId, ...childIds, at, at],
  );
  for (const row of rows) {
    const list = byChild.get(row.childId) ?? [];
    // Two links in force for the same guardian (a data-entry overlap): list them once, with the
    // status that actually applies, the most restrictive.
    const twin = list.find((link) => link.guardianId === row.guardianId);
    if (twin) {
      if (mostRestrictive(twin.status, row.status) === twin.status) continue;
      list.splice(list.indexOf(twin), 1);
    }
    list.push(row);
    byChild.set(row.childId, list);
  }
  const order = byNames((link: GuardianLink) => [link.familyName, link.givenName]);
  for (const list of byChild.values()) list.sort((a, b) => (a.guardianRank ?? 9) - (b.guardianRank ?? 9) || order(a, b));
  return byChild;
}
