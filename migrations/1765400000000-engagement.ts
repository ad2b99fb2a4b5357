import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, id, index, instant, ref, text } from './columns.js';

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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reach_action');
  }
}
