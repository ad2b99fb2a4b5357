/**
 * A side outbox's table: rows with `status`, `notBefore`, `attempts`, `lastError`, `lockedBy`,
 * `lockedUntil` and `sentAt`, as `link_notice` and `weekly_reminder` have. Both names are
 * constants of the code, never input, since they are written into the SQL.
 */
export interface SideOutboxTable {
  readonly name: 'link_notice' | 'weekly_reminder' | 'retention_notice' | 'meeting_notice';
  /** The rows of one group go out as one e-mail, so they are claimed together. */
  readonly groupColumn: 'grantId' | 'teacherId' | 'guardianId' | 'id';
}
