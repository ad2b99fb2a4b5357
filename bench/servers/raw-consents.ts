import type { RowDataPacket } from 'mysql2';
import { resolveImageConsent, type ConsentDecisionRow } from '../../src/consent/resolve-image-consent.js';
import type { ImageConsentPurpose, ImageConsentScope } from '../../src/model/roles.js';

/**
 * The raw baselines' reading of `currentImageConsentsQuery`: its decision and holder lines
 * combined by the same pure rule as the module, for one purpose. Returns child → scope.
 */
export function rawConsentScopes(rows: readonly RowDataPacket[], purpose: ImageConsentPurpose): Map<string, ImageConsentScope> {
  const decisions = new Map<string, ConsentDecisionRow[]>();
  const holders = new Map<string, Set<string>>();
  for (const row of rows) {
    const childId = row.childId as string;
    if (row.kind === 'holder') holders.set(childId, (holders.get(childId) ?? new Set()).add(row.personId as string));
    else decisions.set(childId, [...(decisions.get(childId) ?? []), { scope: row.scope as ImageConsentScope, purpose: row.purpose as ImageConsentPurpose | null, givenById: row.personId as string | null }]);
  }
  const children = new Set([...decisions.keys(), ...holders.keys()]);
  return new Map([...children].map((childId) => [childId, resolveImageConsent(decisions.get(childId) ?? [], holders.get(childId) ?? new Set(), purpose).scope]));
}
