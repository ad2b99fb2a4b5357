import type { Translate } from '../i18n/translate.js';
import { REACH_ACTIONS } from '../model/reach-action.js';
import type { FamilyToReach } from './families-to-reach.js';

/** One card of the families-to-reach page, every text already in the reader's language. */
export interface FamilyCard {
  readonly guardianId: string;
  readonly guardianName: string;
  readonly classId: string;
  readonly context: string;
  readonly reasons: readonly string[];
  readonly suggestion: string;
  readonly lastAction: { readonly text: string; readonly at: Date } | null;
  readonly actions: readonly { readonly value: string; readonly label: string; readonly selected: boolean }[];
}

/** The list as cards: why each guardian is there, what to do, what was done last. */
export function familyCards(t: Translate, families: readonly FamilyToReach[]): FamilyCard[] {
  return families.map((family) => ({
    guardianId: family.guardianId,
    guardianName: family.guardianName,
    classId: family.classId,
    context: t('engagement.families.context', { children: family.childNames.join(', '), className: family.className }),
    reasons: family.reasons.map((reason) =>
      reason === 'unreadImportant' ? t('engagement.families.reason.unreadImportant', { count: family.unreadImportant }) : t(`engagement.families.reason.${reason}`),
    ),
    suggestion: t(`engagement.families.actionName.${family.suggestion}`),
    lastAction: family.lastAction ? { text: t(`engagement.families.actionName.${family.lastAction.action}`), at: family.lastAction.at } : null,
    actions: REACH_ACTIONS.map((action) => ({ value: action, label: t(`engagement.families.actionName.${action}`), selected: action === family.suggestion })),
  }));
}
