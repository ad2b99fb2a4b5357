import {
  ConnectorOptions,
  asUai,
  readSamlSettings,
  valuesOf,
  type ChildClaim,
  type ConnectorModule,
  type DirectoryKey,
  type IdentityMapping,
  type NormalizedIdentity,
  type SamlAssertionFacts,
} from '../../src/connectors/contract.js';
import { EDUCONNECT_ATTRIBUTES as A, profileOf } from './attributes.js';
import { directoryKeyOf, parseVectors } from './vector.js';

/**
 * ÉduConnect → a person. ÉduConnect proves who signs in, not whose parent they are: a parent's
 * children come from the school's records or the ENT; the FrEduVecteur values of a responsible
 * adult only propose links, which the school confirms (unless its settings trust them).
 */
export function educonnectIdentity(facts: SamlAssertionFacts, connectorId: string): IdentityMapping {
  const attribute = (names: readonly string[]) => valuesOf(facts.attributes, ...names);
  const subject = attribute(A.FrEduCtId)[0]?.trim();
  const profile = profileOf(attribute(A.FrEduCtPersonAffiliation));
  const missing = [...(subject ? [] : ['FrEduCtId']), ...(profile ? [] : ['FrEduCtPersonAffiliation'])];
  if (!subject || !profile) return { ok: false, missing };

  const vectors = parseVectors(attribute(A.FrEduVecteur));
  // Only keys of the person's own kind: a responsible adult's account never designates a pupil.
  const ownKind: DirectoryKey['kind'] = profile === 'pupil' ? 'pupil' : 'guardian';
  const directoryKeys = attribute(A.FrEduCtRefId)
    .map(directoryKeyOf)
    .filter((key): key is DirectoryKey => key !== undefined && key.kind === ownKind);
  const givenName = attribute(A.givenName)[0]?.trim();
  const familyName = attribute(A.sn)[0]?.trim();
  const email = attribute(A.mail)[0]?.trim();

  let schools: NormalizedIdentity['schools'] = [];
  let children: ChildClaim[] = [];
  if (profile === 'pupil') {
    const pupilVectors = vectors.filter((vector) => vector.type === 3 || vector.type === 4);
    const uais = new Set([...attribute(A.FrEduCtEleveUAI).map(asUai), ...pupilVectors.map((vector) => vector.uai)]);
    schools = [...uais].filter((uai): uai is string => uai !== undefined).map((uai) => ({ school: { uai }, roles: ['pupil'] as const }));
    for (const vector of pupilVectors) directoryKeys.push({ kind: 'pupil', key: vector.pupilId });
  } else {
    children = vectors
      .filter((vector) => vector.type === 1 || vector.type === 2)
      .map((vector) => ({ school: { uai: vector.uai }, externalRef: vector.pupilId, trust: 'proposed' as const }));
  }

  return {
    ok: true,
    identity: {
      issuer: facts.issuer,
      subject,
      connectorId,
      ...(givenName ? { givenName } : {}),
      ...(familyName ? { familyName } : {}),
      ...(email ? { email } : {}),
      directoryKeys: [...new Map(directoryKeys.map((key) => [`${key.kind}|${key.key}`, key])).values()],
      schools,
      classes: [],
      children,
    },
  };
}

const educonnect: ConnectorModule = {
  load(setup) {
    const options = new ConnectorOptions(setup);
    const settings = readSamlSettings(options, setup);
    return options.result(() => ({
      protocol: 'saml',
      ...settings,
      requestedAttributes: Object.entries(A).map(([friendlyName, names]) => ({ name: names[0], friendlyName })),
      // ÉduConnect proves who signs in; the links it states are only proposed (see educonnectIdentity).
      authoritative: false,
      toIdentity: educonnectIdentity,
    }));
  },
};

export default educonnect;
