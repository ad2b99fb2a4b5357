import { Column, Entity } from 'typeorm';
import { CodeColumn, InstantColumn, RefKeyColumn } from './columns.js';

/** How often a person wants to be notified. */
export const DIGEST_OPTIONS = ['immediate', 'daily', 'weekly'] as const;
export type DigestOption = (typeof DIGEST_OPTIONS)[number];

/** A person's own right to disconnect: quiet hours (may span midnight) and digest choice. */
@Entity('notification_preference')
export class NotificationPreference {
  @RefKeyColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @CodeColumn(5, { nullable: true }) quietStart: string | null;
  @CodeColumn(5, { nullable: true }) quietEnd: string | null;
  @CodeColumn(12, { default: 'immediate' }) digest: DigestOption;
  @Column({ type: 'boolean', default: true }) emailEnabled: boolean;
  /** A teacher's weekly e-mail about the portfolio's rhythm (src/portfolio/weekly-reminders/). */
  @Column({ type: 'boolean', default: true }) weeklyReminder: boolean;
  @InstantColumn() updatedAt: Date;
}
