import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, id, instant, ref, storedItemColumns } from './columns.js';

/** Files and voice recordings attached to messages, stored by the media pipeline. */
export class MessageFiles1764450000000 implements MigrationInterface {
  name = 'MessageFiles1764450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'message_file',
        columns: [
          id(),
          ref('schoolId'),
          ref('uploadedById'),
          ...storedItemColumns(),
          instant('attachedAt', true),
          instant('createdAt'),
        ],
        indices: [new TableIndex({ name: 'ix_message_file_uploader', columnNames: ['uploadedById', 'createdAt'] })],
        foreignKeys: [cascade('schoolId', 'school'), cascade('uploadedById', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('message_file');
  }
}
