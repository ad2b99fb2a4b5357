import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, id, index, instant, ref, text } from './columns.js';

/** Rectification and erasure requests, recorded by the head of school with their one-month deadline. */
export class DataRequests1765700000001 implements MigrationInterface {
  name = 'DataRequests1765700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'data_request',
        columns: [
          id(),
          ref('schoolId'),
          ref('requesterId'),
          ref('subjectId'),
          text('kind', 16),
          text('details', 1000),
          text('status', 16),
          instant('receivedAt'),
          instant('dueAt'),
          ref('recordedById'),
          instant('answeredAt', true),
          ref('answeredById', true),
          text('answer', 1000, true),
        ],
        indices: [index('ix_data_request_school', ['schoolId', 'status', 'dueAt'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('requesterId', 'person'), cascade('subjectId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('data_request');
  }
}
