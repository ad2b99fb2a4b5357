import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { cascade, id, index, instant, ref, text } from './columns.js';

/** A whole number, named as TypeORM names an `int` column on each engine (`integer` on SQLite). */
const whole = (queryRunner: QueryRunner, name: string): TableColumnOptions => ({
  name,
  type: queryRunner.connection.options.type === 'better-sqlite3' ? 'integer' : 'int',
  isNullable: false,
});

/** The actions the team records when it reaches out to a family e-carnet does not reach. */
export class Engagement1765400000000 implements MigrationInterface {
  name = 'Engagement1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'reach_action',
        columns: [
          id(),
          ref('schoolId'),
          ref('guardianId'),
          ref('classId'),
          text('action', 16),
          text('note', 200, true),
          ref('recordedById'),
          instant('at'),
        ],
        // The families-to-reach list reads a school's latest action per guardian.
        indices: [index('ix_reach_action_school', ['schoolId', 'guardianId', 'at'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('guardianId', 'person'), cascade('classId', 'school_class'), cascade('recordedById', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'reach_message_summary',
        columns: [
          { ...ref('messageId'), isPrimary: true },
          ref('schoolId'),
          ref('classId', true),
          ref('pupilId', true),
          instant('sentAt'),
          whole(queryRunner, 'receipts'),
          whole(queryRunner, 'unread'),
          text('readWithin', 200),
          whole(queryRunner, 'requests'),
          whole(queryRunner, 'answered'),
          whole(queryRunner, 'translatedReads'),
          instant('computedAt'),
        ],
        indices: [index('ix_reach_message_summary_school', ['schoolId', 'sentAt'])],
        foreignKeys: [cascade('messageId', 'message'), cascade('schoolId', 'school')],
      }),
    );
    // Receipts read or answered since a time: the summaries to compute again; and a guardian's
    // latest read, without reading all their receipts.
    await queryRunner.createIndex('message_recipient', index('ix_message_recipient_read', ['readAt', 'messageId']));
    await queryRunner.createIndex('message_recipient', index('ix_message_recipient_answered', ['answeredAt', 'messageId']));
    await queryRunner.createIndex('message_recipient', index('ix_message_recipient_person_read', ['personId', 'readAt']));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('message_recipient', 'ix_message_recipient_person_read');
    await queryRunner.dropIndex('message_recipient', 'ix_message_recipient_answered');
    await queryRunner.dropIndex('message_recipient', 'ix_message_recipient_read');
    await queryRunner.dropTable('reach_message_summary');
    await queryRunner.dropTable('reach_action');
  }
}
