import { IMAGE_CONSENT_SCOPES, type ImageConsentPurpose, type ImageConsentScope } from '../model/roles.js';

/** One decision in force, oldest first, as `resolveImageConsent` reads it. */
export interface ConsentDecisionRow {
  readonly scope: ImageConsentScope;
  /** Null: a decision on every purpose. */
  readonly purpose: ImageConsentPurpose | null;
  /** The guardian who gave it online; null for a paper form both guardians signed, copied by staff. */
  readonly givenById: string | null;
}

/** The image rights in force for one child and one purpose, with what each guardian chose. */
export interface ResolvedImageConsent {
  /** What applies: the most restrictive of the guardians' choices. */
  readonly scope: ImageConsentScope;
  /** Each guardian with parental authority who chose online since the last paper form, and their choice. */
  readonly choices: ReadonlyMap<string, ImageConsentScope>;
  /** The guardians' choices differ: the most restrictive applies until they agree. */
  readonly disagreement: boolean;
}

/** The more restrictive of two scopes (the earlier in `IMAGE_CONSENT_SCOPES`). */
export function narrowerScope(a: ImageConsentScope, b: ImageConsentScope): ImageConsentScope {
  return IMAGE_CONSENT_SCOPES.indexOf(a) <= IMAGE_CONSENT_SCOPES.indexOf(b) ? a : b;
}

/**
 * Combines a child's decisions for one purpose. A paper form copied by staff speaks for every
 * guardian (both signed it) until one of them decides otherwise online; a guardian who has not
 * spoken is presumed to agree (the Code civil's rule for usual acts), so one parent's choice is
 * enough; when two guardians with parental authority chose differently, the most restrictive
 * choice applies until they agree. Decisions of someone who no longer holds parental authority
 * (`holders`) no longer count. No decision at all: `none`.
 */
export function resolveImageConsent(
  decisions: readonly ConsentDecisionRow[],
  holders: ReadonlySet<string>,
  purpose: ImageConsentPurpose,
): ResolvedImageConsent {
  const relevant = decisions.filter((decision) => decision.purpose === null || decision.purpose === purpose);
  const lastPaperIndex = relevant.findLastIndex((decision) => decision.givenById === null);
  const paper = lastPaperIndex >= 0 ? relevant[lastPaperIndex] : undefined;
  const choices = new Map<string, ImageConsentScope>();
  for (const decision of relevant.slice(lastPaperIndex + 1)) {
    if (decision.givenById !== null && holders.has(decision.givenById)) choices.set(decision.givenById, decision.scope);
  }
  const voices = [...choices.values()];
  // The paper form still speaks for every holder who has not chosen online since (or for the
  // child whose guardians all lost authority, where staff record what the court or ASE decided).
  const silentHolders = [...holders].some((holder) => !choices.has(holder));
  if (paper && (silentHolders || holders.size === 0)) voices.push(paper.scope);
  if (voices.length === 0) return { scope: 'none', choices, disagreement: false };
  const scope = voices.reduce(narrowerScope);
  return { scope, choices, disagreement: voices.some((voice) => voice !== scope) };
}
