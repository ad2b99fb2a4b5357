import { retryDelayMs } from '../backoff.js';
import { planDelivery, type SchoolHours } from '../plan-delivery.js';

/**
 * When a side outbox's e-mail is tried again after its `attempt`-th failure: after the outbox's
 * backoff, and then not before the school's notification hours allow.
 */
export function sideOutboxRetryTime(attempt: number, now: Date, timeZone: string, hours: SchoolHours): Date {
  return planDelivery({ now: new Date(now.getTime() + retryDelayMs(attempt)), timeZone, school: hours, personal: null, urgent: false });
}
