import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, exactText, flag, id, index, instant, ref, text } from './columns.js';

/**
 * Sharing without an account: per-child QR codes and personal links (token hashes only), the
 * short sessions they are exchanged for, the history of portfolio views, and invite codes.
 */
export class Sharing1764500000000 implements MigrationInterface {
  name = 'Sharing1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'share_grant',
        columns: [
          id(),
          ref('schoolId'),
          ref('pupilId'),
          text('kind', 8),
          exactText(queryRunner, 'tokenHash', 64),
          text('passwordHash', 200, true),
          text('label', 80, true),
          text('language', 16, true),
          text('notifyEmail', 254, true),
          ref('createdById'),
          instant('createdAt'),
          instant('expiresAt'),
          instant('revokedAt', true),
          ref('revokedById', true),
        ],
        indices: [index('ux_share_grant_token', ['tokenHash'], true), index('ix_share_grant_pupil', ['pupilId', 'kind'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('pupilId', 'person'), cascade('createdById', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'share_session',
        columns: [{ ...exactText(queryRunner, 'tokenHash', 64), isPrimary: true }, ref('grantId'), flag('unlocked', false), instant('createdAt'), instant('expiresAt')],
        indices: [index('ix_share_session_grant', ['grantId']), index('ix_share_session_expires', ['expiresAt'])],
        foreignKeys: [cascade('grantId', 'share_grant')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'portfolio_access',
        columns: [
          id(),
          ref('schoolId'),
          ref('pupilId'),
          text('channel', 8),
          ref('personId', true),
          ref('grantId', true),
          text('deviceFamily', 16),
          text('network', 64),
          instant('at'),
        ],
        indices: [index('ix_portfolio_access_pupil', ['pupilId', 'at']), index('ix_portfolio_access_school', ['schoolId', 'at'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('pupilId', 'person'), cascade('personId', 'person'), cascade('grantId', 'share_grant')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'invite_code',
        columns: [
          id(),
          ref('schoolId'),
          ref('pupilId'),
          exactText(queryRunner, 'codeHash', 64),
          ref('createdById'),
          instant('createdAt'),
          instant('expiresAt'),
          instant('usedAt', true),
          ref('usedById', true),
        ],
        indices: [index('ux_invite_code_hash', ['codeHash'], true), index('ix_invite_code_pupil', ['pupilId'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('pupilId', 'person'), cascade('createdById', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('invite_code');
    await queryRunner.dropTable('portfolio_access');
    await queryRunner.dropTable('share_session');
    await queryRunner.dropTable('share_grant');
  }
}
