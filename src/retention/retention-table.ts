import type { SchoolSettings } from '../model/school-settings.js';
import {
  AUDIT_EVENT_RETENTION_DAYS,
  leavingDelayDays,
  MESSAGE_RETENTION_SCHOOL_YEARS,
  RATE_LIMIT_RETENTION_DAYS,
  SESSION_RETENTION_DAYS,
  TRANSLATION_CACHE_RETENTION_DAYS,
} from './retention-delays.js';

/** The kinds of data the retention table lists (`retention.table.<kind>` in the catalogs). */
export const RETENTION_KINDS = ['leavers', 'portfolio', 'messages', 'accessHistory', 'auditEvents', 'sessions', 'rateLimits', 'translations'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** One line of the table: what, counted from when, for how long. */
export interface RetentionRow {
  readonly kind: RetentionKind;
  /** Days, when the delay is counted in days. */
  readonly days: number | null;
  /** School years after the one the data belongs to, for messages. */
  readonly schoolYears: number | null;
}

/**
 * The school's retention table, from its settings as they are now: what the retention job applies,
 * what the director's page and the privacy notice print. Changing a delay changes this table.
 */
export function retentionTable(settings: SchoolSettings): RetentionRow[] {
  const leaving = leavingDelayDays(settings);
  const days: Record<Exclude<RetentionKind, 'messages'>, number> = {
    leavers: leaving,
    portfolio: leaving,
    accessHistory: settings.sharing.accessLogRetentionDays,
    auditEvents: AUDIT_EVENT_RETENTION_DAYS,
    sessions: SESSION_RETENTION_DAYS,
    rateLimits: RATE_LIMIT_RETENTION_DAYS,
    translations: TRANSLATION_CACHE_RETENTION_DAYS,
  };
  return RETENTION_KINDS.map((kind) =>
    kind === 'messages' ? { kind, days: null, schoolYears: MESSAGE_RETENTION_SCHOOL_YEARS } : { kind, days: days[kind], schoolYears: null },
  );
}
