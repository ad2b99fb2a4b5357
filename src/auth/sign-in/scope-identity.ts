import type { NormalizedIdentity, SchoolReference } from '../../connectors/contract.js';

/**
 * Keeps only what concerns the schools a connector serves. An ENT configured for some schools
 * vouches for nothing elsewhere: a role or link it claims in another school is dropped before
 * provisioning. A connector serving every school (no list) keeps everything.
 */
export function scopeIdentityToSchools(identity: NormalizedIdentity, schools: readonly string[]): NormalizedIdentity {
  if (schools.length === 0) return identity;
  const allowed = new Set(schools.map((uai) => uai.toUpperCase()));
  const served = (reference: SchoolReference) => !('uai' in reference) || allowed.has(reference.uai.toUpperCase());
  return {
    ...identity,
    schools: identity.schools.filter((entry) => served(entry.school)),
    classes: identity.classes.filter((claim) => served(claim.school)),
    children: identity.children.filter((claim) => served(claim.school)),
  };
}
