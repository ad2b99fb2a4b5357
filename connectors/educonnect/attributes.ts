/**
 * ÉduConnect attributes, by the OID names the IdP sends and the friendly names some federations
 * use. An assertion may carry either; both are read.
 */
export const EDUCONNECT_ATTRIBUTES = {
  /** Stable, opaque identifier of the ÉduConnect account: the subject. */
  FrEduCtId: ['urn:oid:1.3.6.1.4.1.20326.10.999.1.57', 'FrEduCtId'],
  /** Profile: eleve1d / eleve2d (pupil, primary / secondary), resp1d / resp2d (responsible adult). */
  FrEduCtPersonAffiliation: ['urn:oid:1.3.6.1.4.1.20326.10.999.1.7', 'FrEduCtPersonAffiliation'],
  /** School of a pupil, by UAI. */
  FrEduCtEleveUAI: ['urn:oid:1.3.6.1.4.1.20326.10.999.1.72', 'FrEduCtEleveUAI'],
  /**
   * Join keys to the académie directory (AAF): `{AAF}<académie>|<kind>|<key>`. Read by name: its
   * OID could not be confirmed from a public source, and a guessed OID would silently match nothing.
   */
  FrEduCtRefId: ['FrEduCtRefId'],
  /** Older vector `type|nom|prénom|id|UAI`: 1/2 responsible adult (one value per child), 3/4 pupil. Read by name. */
  FrEduVecteur: ['FrEduVecteur'],
  sn: ['urn:oid:2.5.4.4', 'sn'],
  givenName: ['urn:oid:2.5.4.42', 'givenName'],
  mail: ['urn:oid:0.9.2342.19200300.100.1.3', 'mail'],
} as const;

/** What the affiliation says a person is. */
export function profileOf(affiliations: readonly string[]): 'pupil' | 'parent' | undefined {
  const values = affiliations.map((value) => value.trim().toLowerCase());
  if (values.some((value) => value.startsWith('eleve'))) return 'pupil';
  if (values.some((value) => value.startsWith('resp'))) return 'parent';
  return undefined;
}
