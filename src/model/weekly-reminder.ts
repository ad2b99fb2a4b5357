import { Entity, Index } from 'typeorm';
import { CodeColumn, IdColumn, RefColumn } from './columns.js';
import { OutboxRow, type OutboxStatus } from './outbox-row.js';

/**
 * pending until handed to the SMTP server (sent), given up after the last retry (failed), or
 * nothing to send when its time came (cancelled: turned off, no class, every class up to date).
 */
export type WeeklyReminderStatus = OutboxStatus;

/**
 * "This teacher gets the portfolio's weekly rhythm e-mail of the week starting on this Monday":
 * one row per teacher and week whatever the number of scans or workers, which the unique index
 * guarantees. What the e-mail says is read when it is sent, not kept here.
 */
@Entity('weekly_reminder')
@Index('ux_weekly_reminder_teacher_week', ['teacherId', 'weekStart'], { unique: true })
@Index('ix_weekly_reminder_due', ['status', 'notBefore'])
@Index('ix_weekly_reminder_week', ['weekStart'])
export class WeeklyReminder extends OutboxRow {
  @IdColumn() id: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) teacherId: string;
  /** The school whose time zone and notification hours the reminder follows. */
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  /** The week's Monday in the school's time zone, `YYYY-MM-DD`. */
  @CodeColumn(10) weekStart: string;
}
