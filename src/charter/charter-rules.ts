import type { SchoolSettings } from '../model/school-settings.js';
import type { Translate } from '../i18n/translator.js';

/** The school's rules the charter speaks of, in words of one language. */
export interface CharterRules {
  /** When the class's portfolio is published, e.g. "le vendredi à 16:30". */
  readonly slots: string;
  /** When notifications go out, e.g. "du lundi au vendredi, de 07:30 à 19:30". */
  readonly hours: string;
  /** The team's reply-time commitment, e.g. "sous 48 heures (jours d'école)". */
  readonly reply: string;
}

/** The marker in the director's text → which rule replaces it. */
export const CHARTER_MARKERS = { '[créneaux]': 'slots', '[horaires]': 'hours', '[délai de réponse]': 'reply' } as const satisfies Record<string, keyof CharterRules>;

// 2024-01-01 was a Monday: day n of that week names ISO weekday n.
const weekdayName = (language: string, day: number): string => new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));

/**
 * The rules as read from the school's settings, so that what the charter says is what the
 * school does: the publication slots, the notification hours and days, the reply commitment.
 */
export function describeCharterRules(settings: SchoolSettings, t: Translate, language: string): CharterRules {
  const list = new Intl.ListFormat(language, { style: 'long', type: 'conjunction' });
  const slots = list.format([...settings.portfolio.publicationSlots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time)).map((slot) => t('charter.rules.slot', { day: weekdayName(language, slot.weekday), time: slot.time })));
  const hours = settings.messaging.notificationHours;
  const days = [...hours.days].sort((a, b) => a - b);
  const consecutive = days.length > 1 && days.every((day, index) => index === 0 || day === days[index - 1]! + 1);
  const dayText = consecutive
    ? t('charter.rules.dayRange', { from: weekdayName(language, days[0]!), to: weekdayName(language, days[days.length - 1]!) })
    : list.format(days.map((day) => weekdayName(language, day)));
  return {
    slots,
    hours: t('charter.rules.hours', { days: dayText, start: hours.start, end: hours.end }),
    reply: t('charter.rules.reply', { count: settings.messaging.replyWithinHours }),
  };
}

/** The director's text with each marker replaced by the rule it names. */
export function fillCharterMarkers(body: string, rules: CharterRules): string {
  let filled = body;
  for (const [marker, rule] of Object.entries(CHARTER_MARKERS)) filled = filled.split(marker).join(rules[rule]);
  return filled;
}

/**
 * Times and delays written out in the text ("16h30", "18:00", "48 heures", "sous 2 jours"):
 * they would say one thing while the settings say another the day a setting changes, so the
 * text must use the markers instead.
 */
const HARDCODED = /\b\d{1,2}\s?(?:h|:)\s?\d{2}\b|\b\d{1,2}\s?h\b|\b\d+\s*(?:heures?|hours?|horas?|minutes?|minutos?|jours?|days?|días?)\b/iu;

/** The first time or delay written out in the text, or null. */
export function hardcodedSetting(body: string): string | null {
  let withoutMarkers = body;
  for (const marker of Object.keys(CHARTER_MARKERS)) withoutMarkers = withoutMarkers.split(marker).join(' ');
  return HARDCODED.exec(withoutMarkers)?.[0] ?? null;
}
