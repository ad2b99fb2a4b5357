import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, flag, id, index, outboxRowColumns, ref, text } from './columns.js';

/**
 * The weekly e-mail reminding teachers of the portfolio's rhythm: one row per teacher and week
 * (the unique index is what keeps it from going twice), and the teacher's choice to receive it.
 */
export class WeeklyReminders1764700000000 implements MigrationInterface {
  name = 'WeeklyReminders1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'weekly_reminder',
        columns: [
          id(),
          ref('teacherId'),
          ref('schoolId'),
          text('weekStart', 10),
          ...outboxRowColumns(),
        ],
        indices: [
          index('ux_weekly_reminder_teacher_week', ['teacherId', 'weekStart'], true),
          index('ix_weekly_reminder_due', ['status', 'notBefore']),
          // The scan reads a week's rows, the purge the old weeks.
          index('ix_weekly_reminder_week', ['weekStart']),
        ],
        foreignKeys: [cascade('teacherId', 'person'), cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.addColumn('notification_preference', new TableColumn(flag('weeklyReminder', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('notification_preference', 'weeklyReminder');
    await queryRunner.dropTable('weekly_reminder');
  }
}
