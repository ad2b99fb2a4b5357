import type { SamlAttribute } from '../support/saml-response-builder.js';

/** An ÉduConnect account as the IdP describes it. */
export interface EduConnectAccount {
  readonly id: string;
  readonly affiliation: 'resp1d' | 'resp2d' | 'eleve1d' | 'eleve2d';
  readonly givenName: string;
  readonly familyName: string;
  readonly pupilUai?: string;
  /** FrEduCtRefId values, e.g. `{AAF}01|RESP|123`. */
  readonly refIds?: readonly string[];
  /** FrEduVecteur values, `type|nom|prénom|id|UAI`. */
  readonly vectors?: readonly string[];
}

/** Attributes by their OID names (with friendly names), as ÉduConnect sends them. */
export function educonnectAttributes(account: EduConnectAccount): SamlAttribute[] {
  const attributes: SamlAttribute[] = [
    { name: 'urn:oid:1.3.6.1.4.1.20326.10.999.1.57', friendlyName: 'FrEduCtId', values: [account.id] },
    { name: 'urn:oid:1.3.6.1.4.1.20326.10.999.1.7', friendlyName: 'FrEduCtPersonAffiliation', values: [account.affiliation] },
    { name: 'urn:oid:2.5.4.4', friendlyName: 'sn', values: [account.familyName] },
    { name: 'urn:oid:2.5.4.42', friendlyName: 'givenName', values: [account.givenName] },
  ];
  if (account.pupilUai) attributes.push({ name: 'urn:oid:1.3.6.1.4.1.20326.10.999.1.72', friendlyName: 'FrEduCtEleveUAI', values: [account.pupilUai] });
  if (account.refIds?.length) attributes.push({ name: 'FrEduCtRefId', values: account.refIds });
  if (account.vectors?.length) attributes.push({ name: 'FrEduVecteur', values: account.vectors });
  return attributes;
}
