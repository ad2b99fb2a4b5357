import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, id, index, instant, outboxRowColumns, ref, text } from './columns.js';

/**
 * Retention: legal holds on a child's data, stored objects whose rows were deleted and whose bytes
 * are still to go, the lease that keeps one instance at a time on the job, and the notices telling
 * guardians that a portfolio will be deleted.
 */
export class Retention1765600000000 implements MigrationInterface {
  name = 'Retention1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // SQLite names an `int` entity column `integer` (see the sqlite-integer-columns migration).
    const wholeType = queryRunner.connection.options.type === 'better-sqlite3' ? 'integer' : 'int';
    await queryRunner.createTable(
      new Table({
        name: 'retention_hold',
        columns: [id(), ref('schoolId'), ref('pupilId'), text('reason', 500), ref('placedById'), instant('placedAt'), ref('releasedById', true), instant('releasedAt', true)],
        indices: [index('ix_retention_hold_pupil', ['schoolId', 'pupilId'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('pupilId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'retention_pending_object',
        columns: [{ ...text('storageKey', 200), isPrimary: true }, ref('schoolId'), instant('createdAt')],
        indices: [index('ix_retention_pending_object_created', ['createdAt'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'retention_lease',
        columns: [{ ...text('name', 32), isPrimary: true }, text('holder', 36, true), instant('expiresAt')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'retention_notice',
        columns: [id(), ref('schoolId'), ref('pupilId'), ref('guardianId'), instant('deleteAfter'), ...outboxRowColumns().map((column) => (column.name === 'attempts' ? { ...column, type: wholeType } : column))],
        indices: [
          index('ux_retention_notice_child_guardian', ['schoolId', 'pupilId', 'guardianId'], true),
          index('ix_retention_notice_due', ['status', 'notBefore']),
        ],
        foreignKeys: [cascade('schoolId', 'school'), cascade('pupilId', 'person'), cascade('guardianId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('retention_notice');
    await queryRunner.dropTable('retention_lease');
    await queryRunner.dropTable('retention_pending_object');
    await queryRunner.dropTable('retention_hold');
  }
}
