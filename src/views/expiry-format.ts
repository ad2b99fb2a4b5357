const DAY_MS = 24 * 3_600_000;

/**
 * True for a code meant for a few hours (one evening's event): its end time matters as much as
 * its date. Measured on the code itself, not on the school's current setting, which may have
 * changed since it was issued. A one-day code across the night the clocks spring forward lasts
 * 23 hours and so shows its time too, which is still true.
 */
export function lastsUnderADay(from: Date, until: Date): boolean {
  return until.getTime() - from.getTime() < DAY_MS;
}

/** Formatters by language, zone and style: building one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: string, timeZone: string, dateStyle: 'long' | 'medium', withTime: boolean): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${dateStyle}|${withTime}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(language, { dateStyle, ...(withTime ? { timeStyle: 'short' } : {}), timeZone });
    formatters.set(key, found);
  }
  return found;
}

/**
 * When a QR code (or link) valid from `from` stops working, in the reader's language and the
 * school's zone: the date and time when it lasts under a day, the date alone otherwise (a time on
 * a three-month code is noise to a family).
 */
export function formatExpiry(until: Date, from: Date, language: string, timeZone: string, dateStyle: 'long' | 'medium' = 'medium'): string {
  return formatter(language, timeZone, dateStyle, lastsUnderADay(from, until)).format(until);
}
