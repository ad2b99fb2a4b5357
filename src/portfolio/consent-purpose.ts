import type { EntryAudience } from '../model/portfolio-entry.js';
import type { ImageConsentPurpose } from '../model/roles.js';

/**
 * Which image-rights purpose a portfolio entry's photos fall under: a class moment goes to every
 * family of the class, anything else is the child's own portfolio.
 */
export function consentPurposeOf(entry: { readonly audience: EntryAudience }): ImageConsentPurpose {
  return entry.audience === 'class' ? 'classMoments' : 'portfolio';
}
