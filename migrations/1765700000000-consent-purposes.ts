import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { text } from './columns.js';

/**
 * Image-rights decisions name their purpose (portfolio, class moments, printed documents); rows
 * recorded before keep no purpose, which means every purpose, as they did.
 */
export class ConsentPurposes1765700000000 implements MigrationInterface {
  name = 'ConsentPurposes1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('image_consent', new TableColumn(text('purpose', 24, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('image_consent', 'purpose');
  }
}
