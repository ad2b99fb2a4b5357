import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, exactText, id, index, instant, ref, text } from './columns.js';

/**
 * What an operator needs to bring real schools on: a school's type and cycles and whether it is
 * open, the one-time appointment links and directory-key appointments that make someone its
 * director or staff, and the mark of a session opened by a configured operator.
 */
export class Operator1764820000000 implements MigrationInterface {
  name = 'Operator1764820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('school', [
      new TableColumn(text('kind', 16, true)),
      new TableColumn(text('cycles', 16, false, '')),
      new TableColumn(instant('deactivatedAt', true)),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'school_appointment',
        columns: [
          id(),
          ref('schoolId'),
          text('role', 32),
          exactText(queryRunner, 'tokenHash', 64, true),
          exactText(queryRunner, 'directoryKey', 120, true),
          ref('createdById', true),
          text('createdBy', 191),
          instant('createdAt'),
          instant('expiresAt', true),
          instant('usedAt', true),
          ref('usedById', true),
          instant('revokedAt', true),
        ],
        indices: [
          index('uq_school_appointment_token', ['tokenHash'], true),
          index('ix_school_appointment_school', ['schoolId']),
          index('ix_school_appointment_key', ['directoryKey']),
        ],
        foreignKeys: [cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.addColumn('http_session', new TableColumn(text('operatorKey', 191, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('http_session', 'operatorKey');
    await queryRunner.dropTable('school_appointment');
    await queryRunner.dropColumn('school', 'deactivatedAt');
    await queryRunner.dropColumn('school', 'cycles');
    await queryRunner.dropColumn('school', 'kind');
  }
}
