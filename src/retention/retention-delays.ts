import type { SchoolSettings } from '../model/school-settings.js';

/**
 * How long each kind of data is kept, in one place: the retention job applies these, the
 * director's retention page and the privacy notice print them. Only the delay after leaving is
 * the school's choice; the others are the module's, documented in the README.
 */

/**
 * Bounds of the school's delay after leaving. The ENT rule is three months (the default); a
 * school may shorten it, but never below a month, which the families need to be told and to
 * download the portfolio; nor lengthen it past a school year, beyond which keeping the data of
 * people who left serves no purpose of the school's.
 */
export const LEAVING_DELAY_BOUNDS = { min: 30, max: 365 } as const;

/** Three months, the ENT rule. */
export const DEFAULT_LEAVING_DELAY_DAYS = 90;

/** Audit events: a school year and a summer, long enough to answer a complaint about last year. */
export const AUDIT_EVENT_RETENTION_DAYS = 365;

/** Translations of messages: a term; a message read again later is translated again. */
export const TRANSLATION_CACHE_RETENTION_DAYS = 90;

/** Rate-limit windows: a day after their window ended (they hold no name, only a hashed key). */
export const RATE_LIMIT_RETENTION_DAYS = 1;

/** Sessions (account and QR/link viewers): deleted as soon as they expire. */
export const SESSION_RETENTION_DAYS = 0;

/** Messages and their files: until the end of the school year after the one they were sent in. */
export const MESSAGE_RETENTION_SCHOOL_YEARS = 1;

/** The delay after leaving the job applies: the school's, kept within the bounds whatever was stored. */
export function leavingDelayDays(settings: Pick<SchoolSettings, 'retentionDaysAfterLeaving'>): number {
  return Math.min(LEAVING_DELAY_BOUNDS.max, Math.max(LEAVING_DELAY_BOUNDS.min, settings.retentionDaysAfterLeaving));
}

/** `days` days after `instant`. */
export function daysAfter(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 24 * 3_600_000);
}
