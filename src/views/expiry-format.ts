import { dateTimeFormat } from '../i18n/intl-formats.js';

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

/**
 * When a QR code (or link) valid from `from` stops working, in the reader's language and the
 * school's zone: the date and time when it lasts under a day, the date alone otherwise (a time on
 * a three-month code is noise to a family).
 */
export function formatExpiry(until: Date, from: Date, language: string, timeZone: string, dateStyle: 'long' | 'medium' = 'medium'): string {
  return dateTimeFormat(language, { dateStyle, ...(lastsUnderADay(from, until) ? { timeStyle: 'short' } : {}), timeZone }).format(until);
}
