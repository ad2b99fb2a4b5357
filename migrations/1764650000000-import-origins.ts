import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, exactText, index, ref, text } from './columns.js';

/**
 * Where an imported portfolio entry came from: the entry's id in the other school's archive
 * (importing the same archive twice for the same child brings in only what is not there yet),
 * and the school and teacher who published it there (the timeline names them, not the importer).
 */
export class ImportOrigins1764650000000 implements MigrationInterface {
  name = 'ImportOrigins1764650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'portfolio_import_origin',
        columns: [
          { ...ref('entryId'), isPrimary: true },
          ref('schoolId'),
          ref('pupilId'),
          exactText(queryRunner, 'sourceEntryId', 64),
          // Where and by whom the entry was published first, shown instead of the importer.
          text('sourceSchoolName', 200),
          text('sourceAuthorName', 200, true),
        ],
        indices: [index('uq_portfolio_import_origin', ['schoolId', 'pupilId', 'sourceEntryId'], true)],
        foreignKeys: [cascade('entryId', 'portfolio_entry'), cascade('schoolId', 'school'), cascade('pupilId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('portfolio_import_origin');
  }
}
