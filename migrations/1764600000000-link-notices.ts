import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, exactText, id, index, instant, outboxRowColumns, ref } from './columns.js';

/**
 * E-mails telling personal-link holders who opted in that something new was published: one row
 * per link and entry (the unique index is what keeps a notice from going twice), and the hashed
 * single-use tokens of their unsubscribe addresses.
 */
export class LinkNotices1764600000000 implements MigrationInterface {
  name = 'LinkNotices1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'link_notice',
        columns: [
          id(),
          ref('schoolId'),
          ref('grantId'),
          ref('pupilId'),
          ref('entryId'),
          ...outboxRowColumns(),
        ],
        indices: [index('ux_link_notice_grant_entry', ['grantId', 'entryId'], true), index('ix_link_notice_due', ['status', 'notBefore'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('grantId', 'share_grant'), cascade('pupilId', 'person'), cascade('entryId', 'portfolio_entry')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'link_unsubscribe',
        columns: [{ ...exactText(queryRunner, 'tokenHash', 64), isPrimary: true }, ref('grantId'), instant('createdAt'), instant('usedAt', true)],
        indices: [index('ix_link_unsubscribe_created', ['createdAt']), index('ix_link_unsubscribe_grant', ['grantId'])],
        foreignKeys: [cascade('grantId', 'share_grant')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('link_unsubscribe');
    await queryRunner.dropTable('link_notice');
  }
}
