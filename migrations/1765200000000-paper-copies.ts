import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, exactText, id, index, instant, ref, text } from './columns.js';

/**
 * Paper copies of important messages: the guardians who chose paper as their channel, the
 * single-use codes printed on each copy (only their hashes), and the answers a teacher recorded
 * from a reply slip brought back to school.
 */
export class PaperCopies1765200000000 implements MigrationInterface {
  name = 'PaperCopies1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'paper_channel',
        columns: [{ ...ref('personId'), isPrimary: true }, instant('chosenAt')],
        foreignKeys: [cascade('personId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'paper_code',
        columns: [
          id(),
          ref('schoolId'),
          ref('messageId'),
          ref('personId'),
          exactText(queryRunner, 'tokenHash', 64),
          exactText(queryRunner, 'sessionHash', 64, true),
          ref('createdById'),
          instant('createdAt'),
          instant('expiresAt'),
          instant('usedAt', true),
          instant('sessionExpiresAt', true),
          instant('revokedAt', true),
        ],
        indices: [
          index('ux_paper_code_token', ['tokenHash'], true),
          index('ux_paper_code_session', ['sessionHash'], true),
          index('ix_paper_code_message', ['messageId', 'personId']),
        ],
        foreignKeys: [
          cascade('schoolId', 'school'),
          cascade('messageId', 'message'),
          cascade('personId', 'person'),
          cascade('createdById', 'person'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'paper_answer',
        columns: [
          { ...ref('messageId'), isPrimary: true },
          { ...ref('personId'), isPrimary: true },
          text('answer', 8),
          ref('recordedById'),
          instant('recordedAt'),
        ],
        foreignKeys: [cascade('messageId', 'message'), cascade('personId', 'person'), cascade('recordedById', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('paper_answer');
    await queryRunner.dropTable('paper_code');
    await queryRunner.dropTable('paper_channel');
  }
}
