import {
  ConnectorOptions,
  IDENTITY_TABLE_KEYS,
  checkRoleTable,
  readSamlSettings,
  identityFromTable,
  valuesOf,
  type ConnectorModule,
  type IdentityMapping,
  type IdentityTable,
  type SamlAssertionFacts,
} from '../../src/connectors/contract.js';

/** Entries of the `attributes` table. */
const ATTRIBUTE_TABLE_KEYS = IDENTITY_TABLE_KEYS;

/** Which attribute holds what; the subject defaults to the NameID. */
export type SamlAttributeTable = IdentityTable;

/** A person from a generic SAML assertion, through the configured tables. */
export function mapSamlAssertion(
  facts: SamlAssertionFacts,
  connectorId: string,
  table: SamlAttributeTable,
  roleValues: Readonly<Record<string, readonly string[]>>,
): IdentityMapping {
  return identityFromTable(
    {
      issuer: facts.issuer,
      connectorId,
      valuesOf: (name) => valuesOf(facts.attributes, name),
      ...(facts.nameId ? { defaultSubject: facts.nameId } : {}),
      defaultSubjectName: 'NameID',
    },
    table,
    roleValues,
  );
}

const saml: ConnectorModule = {
  load(setup) {
    const options = new ConnectorOptions(setup);
    const settings = readSamlSettings(options, setup);
    const table: SamlAttributeTable = options.stringMap('attributes');
    options.knownKeys('attributes', table, ATTRIBUTE_TABLE_KEYS);
    const roleValues = options.listMap('roleValues');
    checkRoleTable(options, 'roleValues', roleValues);
    const requested = [table.subject, table.givenName, table.familyName, table.email, table.role, table.uai].filter(
      (name): name is string => name !== undefined,
    );
    return options.result(() => ({
      protocol: 'saml',
      ...settings,
      requestedAttributes: requested.map((name) => ({ name, friendlyName: name })),
      // Roles from a table apply at once; without one, the IdP only says who signs in.
      authoritative: Object.keys(roleValues).length > 0,
      toIdentity: (facts, connectorId) => mapSamlAssertion(facts, connectorId, table, roleValues),
    }));
  },
};

export default saml;
