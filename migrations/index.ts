import { Foundation1763800000000 } from './1763800000000-foundation.js';
import { Identity1764000000000 } from './1764000000000-identity.js';
import { Lti1764100000000 } from './1764100000000-lti.js';
import { RateLimits1764200000000 } from './1764200000000-rate-limits.js';
import { Portfolio1764300000000 } from './1764300000000-portfolio.js';
import { Messaging1764400000000 } from './1764400000000-messaging.js';
import { MessageFiles1764450000000 } from './1764450000000-message-files.js';
import { Sharing1764500000000 } from './1764500000000-sharing.js';
import { LinkNotices1764600000000 } from './1764600000000-link-notices.js';
import { ImportOrigins1764650000000 } from './1764650000000-import-origins.js';
import { WeeklyReminders1764700000000 } from './1764700000000-weekly-reminders.js';
import { Operator1764820000000 } from './1764820000000-operator.js';
import { SqliteIntegerColumns1764850000000 } from './1764850000000-sqlite-integer-columns.js';
import { PaperCopies1765200000000 } from './1765200000000-paper-copies.js';
import { Meetings1765300000000 } from './1765300000000-meetings.js';
import { Engagement1765400000000 } from './1765400000000-engagement.js';
import { SurveyAndCharter1765500000000 } from './1765500000000-survey-and-charter.js';
import { Retention1765600000000 } from './1765600000000-retention.js';
import { ConsentPurposes1765700000000 } from './1765700000000-consent-purposes.js';
import { DataRequests1765700000001 } from './1765700000001-data-requests.js';

/** Every migration, oldest first. Listed by hand so the compiled and the TypeScript runs agree. */
export const MIGRATIONS = [
  Foundation1763800000000,
  Identity1764000000000,
  Lti1764100000000,
  RateLimits1764200000000,
  Portfolio1764300000000,
  Messaging1764400000000,
  MessageFiles1764450000000,
  Sharing1764500000000,
  LinkNotices1764600000000,
  ImportOrigins1764650000000,
  WeeklyReminders1764700000000,
  Operator1764820000000,
  SqliteIntegerColumns1764850000000,
  PaperCopies1765200000000,
  Meetings1765300000000,
  Engagement1765400000000,
  SurveyAndCharter1765500000000,
  Retention1765600000000,
  ConsentPurposes1765700000000,
  DataRequests1765700000001,
];
