import {
  ConnectorOptions,
  insecureHttpAllowed,
  checkRoleTable,
  identityFromTable,
  valuesOf,
  type CasValidationFacts,
  type ClassClaim,
  type ConnectorModule,
  type IdentityMapping,
} from '../../src/connectors/contract.js';

/** Attribute names of the usual French ENT schema (SDET), each replaceable in the options. */
export const DEFAULT_CAS_ATTRIBUTES = {
  givenName: 'givenName',
  familyName: 'sn',
  email: 'mail',
  profile: 'ENTPersonProfils',
  uai: 'ENTPersonStructRattachRNE',
  classes: 'ENTPersonClasses',
} as const;

/**
 * Profiles of the national ENT schema. No profile grants `staff` by default: e-carnet's staff role
 * sees every pupil of the school, and the national profiles are coarse (National_ETA is
 * administrative and technical staff, National_COL local-authority agents). An operator who wants
 * it lists the profiles in `roleValues.staff` (with the other roles: the table replaces this one).
 */
export const DEFAULT_CAS_ROLE_VALUES: Readonly<Record<string, readonly string[]>> = {
  teacher: ['National_ENS'],
  pupil: ['National_ELV'],
  parent: ['National_TUT'],
};

type AttributeTable = { -readonly [K in keyof typeof DEFAULT_CAS_ATTRIBUTES]: string };

/**
 * A person from the attributes a CAS server vouched for. Classes (`ref|name`) are placed in the
 * school when the person has exactly one. A parent's children are not read from CAS: the school's
 * records or the ENT's OpenID userinfo state them.
 */
export function mapCasAttributes(
  facts: CasValidationFacts,
  connectorId: string,
  table: AttributeTable,
  roleValues: Readonly<Record<string, readonly string[]>>,
): IdentityMapping {
  const attribute = (name: string) => valuesOf(facts.attributes, name);
  const mapped = identityFromTable(
    { issuer: facts.serverUrl, connectorId, valuesOf: attribute, defaultSubject: facts.user, defaultSubjectName: 'user' },
    { givenName: table.givenName, familyName: table.familyName, email: table.email, role: table.profile, uai: table.uai },
    roleValues,
  );
  if (!mapped.ok) return mapped;
  const { identity } = mapped;
  // Being a parent is a link to a child, not a role in the school.
  const schools = identity.schools.map((entry) => ({ ...entry, roles: entry.roles.filter((role) => role !== 'parent') }));
  // The profile grants the same roles in every school the attributes name.
  const roles = identity.schools[0]?.roles ?? [];
  const onlySchool = schools.length === 1 ? schools[0]?.school : undefined;
  const classRole = roles.includes('teacher') ? 'teacher' : roles.includes('pupil') ? 'pupil' : undefined;
  const classes: ClassClaim[] =
    onlySchool && classRole
      ? attribute(table.classes).flatMap((value) => {
          const [ref, ...name] = value.split('|');
          const externalRef = ref?.trim();
          if (!externalRef) return [];
          const label = name.join('|').trim();
          return [{ school: onlySchool, externalRef, ...(label ? { name: label } : {}), as: classRole }];
        })
      : [];
  return { ok: true, identity: { ...identity, schools, classes } };
}

const cas: ConnectorModule = {
  load(setup) {
    const options = new ConnectorOptions(setup);
    const allowInsecureHttp = insecureHttpAllowed(options, setup);
    const serverUrl = options.url('serverUrl', true, allowInsecureHttp);
    const given = options.stringMap('attributes');
    for (const key of Object.keys(given)) {
      if (!(key in DEFAULT_CAS_ATTRIBUTES)) options.problems.push(`option "attributes": unknown entry "${key}"`);
    }
    const table: AttributeTable = { ...DEFAULT_CAS_ATTRIBUTES, ...given };
    const configuredRoles = options.listMap('roleValues');
    checkRoleTable(options, 'roleValues', configuredRoles);
    const roleValues = Object.keys(configuredRoles).length > 0 ? configuredRoles : DEFAULT_CAS_ROLE_VALUES;
    const backChannelLogoutFrom = options.addressList('backChannelLogoutFrom');
    return options.result(() => ({
      protocol: 'cas',
      serverUrl,
      allowInsecureHttp,
      backChannelLogoutFrom,
      // The ENT's attributes give school roles and classes, applied at once.
      authoritative: true,
      toIdentity: (facts, connectorId) => mapCasAttributes(facts, connectorId, table, roleValues),
    }));
  },
};

export default cas;
