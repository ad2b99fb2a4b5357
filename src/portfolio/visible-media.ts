import type { ImageConsentScope } from '../model/roles.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import type { EntryFacts } from '../policy/resources.js';
import type { EntryDetails, TimelineMediumRow } from './timeline-queries.js';

/**
 * The media of one entry the actor may see: each medium with who appears in it and those
 * children's image rights, asked of the policy. Pages, API answers and exports all cut media here.
 */
export function visibleMediaOf(
  actor: Actor,
  facts: EntryFacts,
  entryId: string,
  details: Pick<EntryDetails, 'media' | 'tags'>,
  consents: ReadonlyMap<string, ImageConsentScope>,
): TimelineMediumRow[] {
  return details.media
    .filter((medium) => medium.entryId === entryId)
    .filter((medium) => {
      const tags = details.tags
        .filter((tag) => tag.mediumId === medium.id)
        .map((tag) => ({ pupilId: tag.pupilId, consent: consents.get(tag.pupilId) ?? 'none' }));
      return can(actor, 'view', { kind: 'medium', ...facts, tags });
    });
}
