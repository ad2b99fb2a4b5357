import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, exactText, index, ref } from './columns.js';

/**
 * Where an imported portfolio entry came from: the entry's id in the other school's archive.
 * Importing the same archive twice for the same child brings in only what is not there yet.
 */
export class ImportOrigins1764650000000 implements MigrationInterface {
  name = 'ImportOrigins1764650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'portfolio_import_origin',
        columns: [{ ...ref('entryId'), isPrimary: true }, ref('schoolId'), ref('pupilId'), exactText(queryRunner, 'sourceEntryId', 64)],
        indices: [index('uq_portfolio_import_origin', ['schoolId', 'pupilId', 'sourceEntryId'], true)],
        foreignKeys: [cascade('entryId', 'portfolio_entry'), cascade('schoolId', 'school'), cascade('pupilId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('portfolio_import_origin');
  }
}
