import type { Translate } from '../i18n/translate.js';
import type { SlotFacts } from './booking-facts.js';

/**
 * The answer to a parent who lost the race for a slot: the error, and at once the slots still
 * free, so their next tap can be a booking rather than a reload.
 */
export function takenAnswer(t: Translate, free: readonly SlotFacts[]) {
  return {
    error: { code: 'MEETING_SLOT_TAKEN' as const, message: t('errors.MEETING_SLOT_TAKEN') },
    freeSlots: free.map((slot) => ({ id: slot.id, startsAt: slot.startsAt, endsAt: slot.endsAt, placeKind: slot.placeKind, placeDetail: slot.placeDetail })),
  };
}
