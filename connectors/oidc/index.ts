import {
  ConnectorOptions,
  IDENTITY_TABLE_KEYS,
  readOidcClient,
  checkRoleTable,
  identityFromTable,
  type ConnectorModule,
  type IdentityMapping,
  type IdentityTable,
  type OidcClaims,
} from '../../src/connectors/contract.js';

/** Entries of the `claims` table. */
const CLAIM_TABLE_KEYS = IDENTITY_TABLE_KEYS;

/** Which claim holds what. */
export type OidcClaimTable = IdentityTable;

/** Strings of a claim that may be a string or a list. */
export function claimValues(claims: OidcClaims, name: string | undefined): string[] {
  if (!name) return [];
  const value = claims[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** A person from checked OIDC claims, through the configured tables. */
export function mapOidcClaims(
  claims: OidcClaims,
  issuer: string,
  connectorId: string,
  table: OidcClaimTable,
  roleValues: Readonly<Record<string, readonly string[]>>,
): IdentityMapping {
  const standard = { subject: 'sub', givenName: 'given_name', familyName: 'family_name', email: 'email' };
  return identityFromTable(
    { issuer, connectorId, valuesOf: (name) => claimValues(claims, name), defaultSubjectName: 'sub' },
    { ...standard, ...table },
    roleValues,
  );
}

const oidc: ConnectorModule = {
  load(setup) {
    const options = new ConnectorOptions(setup);
    const client = readOidcClient(options, setup, { secretRequired: false, scopes: ['openid', 'profile', 'email'] });
    const table: OidcClaimTable = options.stringMap('claims');
    options.knownKeys('claims', table, CLAIM_TABLE_KEYS);
    const roleValues = options.listMap('roleValues');
    checkRoleTable(options, 'roleValues', roleValues);
    return options.result(() => ({
      protocol: 'oidc',
      ...client,
      // Roles from a table apply at once; without one, the provider only says who signs in.
      authoritative: Object.keys(roleValues).length > 0,
      toIdentity: (claims, claimIssuer, connectorId) => mapOidcClaims(claims, claimIssuer, connectorId, table, roleValues),
    }));
  },
};

export default oidc;
