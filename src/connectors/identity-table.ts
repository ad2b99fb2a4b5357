/**
 * Generic connectors' mapping tables: which claim or attribute holds the subject, names, e-mail,
 * role and school, and which values grant which role.
 */
import type { SchoolRole } from '../model/roles.js';
import type { IdentityMapping } from './contract-types.js';
import { asUai, type ConnectorOptions } from './connector-options.js';

/** Roles a connector may grant; `director` is named by the school, never by an identity provider. */
const MAPPABLE_ROLES = ['teacher', 'staff', 'pupil', 'parent'] as const;

/** The entries a generic connector's mapping table may have. */
export const IDENTITY_TABLE_KEYS = ['subject', 'givenName', 'familyName', 'email', 'role', 'uai'] as const;

/** Which claim or attribute holds what, in a generic connector's mapping table. */
export interface IdentityTable {
  readonly subject?: string;
  readonly givenName?: string;
  readonly familyName?: string;
  readonly email?: string;
  readonly role?: string;
  readonly uai?: string;
}

/** The source a mapping table reads: who vouches, and the values of a claim or attribute by name. */
interface TableSource {
  readonly issuer: string;
  readonly connectorId: string;
  readonly valuesOf: (name: string) => readonly string[];
  /** The subject when the table names no claim for it (a SAML NameID). */
  readonly defaultSubject?: string;
  /** How the missing subject is named in the error, when the table names none. */
  readonly defaultSubjectName: string;
}

/**
 * A person through a generic connector's table (the SAML and OIDC connectors share it): subject,
 * names, e-mail, and the roles its role table grants in the schools named by the `uai` claim.
 * Names and e-mail are set only when given: the provisioner keeps what it knows otherwise.
 */
export function identityFromTable(
  source: TableSource,
  table: IdentityTable,
  roleValues: Readonly<Record<string, readonly string[]>>,
): IdentityMapping {
  const values = (name: string | undefined) => (name ? source.valuesOf(name) : []);
  const first = (name: string | undefined) => values(name)[0]?.trim() || undefined;
  const subject = table.subject ? first(table.subject) : source.defaultSubject;
  if (!subject) return { ok: false, missing: [table.subject ?? source.defaultSubjectName] };
  const roles = rolesFromValues(values(table.role), roleValues);
  const uais = values(table.uai)
    .map(asUai)
    .filter((uai): uai is string => uai !== undefined);
  const givenName = first(table.givenName);
  const familyName = first(table.familyName);
  const email = first(table.email);
  return {
    ok: true,
    identity: {
      issuer: source.issuer,
      subject,
      connectorId: source.connectorId,
      ...(givenName ? { givenName } : {}),
      ...(familyName ? { familyName } : {}),
      ...(email ? { email } : {}),
      schools: roles.length > 0 ? uais.map((uai) => ({ school: { uai }, roles })) : [],
      classes: [],
      children: [],
    },
  };
}

/** Roles a generic connector may grant from a mapping table; `director` is never taken from a claim. */
function rolesFromValues(
  values: readonly string[],
  table: Readonly<Record<string, readonly string[]>>,
): SchoolRole[] {
  const roles: SchoolRole[] = [];
  for (const role of MAPPABLE_ROLES) {
    const accepted = (table[role] ?? []).map((value) => value.toLowerCase());
    if (values.some((value) => accepted.includes(value.toLowerCase()))) roles.push(role);
  }
  return roles;
}

/** Checks a role table's keys (used by generic connectors when they load). */
export function checkRoleTable(options: ConnectorOptions, name: string, table: Readonly<Record<string, readonly string[]>>): void {
  for (const key of Object.keys(table)) {
    if (!(MAPPABLE_ROLES as readonly string[]).includes(key)) {
      options.problems.push(`option "${name}": "${key}" is not a role a connector may grant (${MAPPABLE_ROLES.join(', ')})`);
    }
  }
}
