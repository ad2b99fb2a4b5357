import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bigCount, cascade, id, instant, ref, text, whole } from './columns.js';

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
          text('kind', 16),
          text('mimeType', 100),
          text('fileName', 120),
          bigCount('bytes'),
          bigCount('storedBytes'),
          whole('width', true),
          whole('height', true),
          text('originalKey', 200),
          text('screenKey', 200, true),
          text('thumbnailKey', 200, true),
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
