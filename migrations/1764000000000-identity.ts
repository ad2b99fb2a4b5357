import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { exactText, id, instant, ref, text } from './columns.js';

const index = (name: string, columns: string[], unique = false): TableIndex =>
  new TableIndex({ name, columnNames: columns, isUnique: unique });

/**
 * Identity sign-in state (issue 6), kept in the database so that any instance can finish a
 * sign-in another one started: pending authentication requests (SAML InResponseTo, OIDC state,
 * nonce and PKCE verifier, CAS requests), the replay guard of assertions and tickets, the link
 * between a session and the identity provider's session (for single logout), roster imports
 * waiting for the director's confirmation, and the connector each class an identity source
 * created came from.
 */
export class Identity1764000000000 implements MigrationInterface {
  name = 'Identity1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A roster file of a thousand pupils is larger than MariaDB's 64 KB `text`.
    const largeText = queryRunner.connection.options.type === 'mysql' ? 'mediumtext' : 'text';

    await queryRunner.createTable(
      new Table({
        name: 'identity_pending_request',
        columns: [
          { ...exactText(queryRunner, 'id', 64), isPrimary: true },
          text('connectorId', 64),
          text('protocol', 8),
          text('browserBindingHash', 64, true),
          exactText(queryRunner, 'nonce', 128, true),
          exactText(queryRunner, 'codeVerifier', 128, true),
          { name: 'pendingResponse', type: largeText, isNullable: true },
          text('returnPath', 512),
          instant('createdAt'),
          instant('expiresAt'),
        ],
        indices: [index('ix_identity_pending_request_expires', ['expiresAt'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_replay_guard',
        columns: [
          id(),
          exactText(queryRunner, 'issuer', 191),
          exactText(queryRunner, 'messageId', 191),
          text('kind', 16),
          instant('seenAt'),
          instant('expiresAt'),
        ],
        indices: [
          index('uq_identity_replay_guard', ['issuer', 'messageId'], true),
          index('ix_identity_replay_guard_expires', ['expiresAt']),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_session_link',
        columns: [
          { name: 'sessionTokenHash', type: 'varchar', length: '64', isPrimary: true },
          text('connectorId', 64),
          text('protocol', 8),
          exactText(queryRunner, 'issuer', 191),
          exactText(queryRunner, 'subject', 191),
          exactText(queryRunner, 'nameId', 191, true),
          text('nameIdFormat', 191, true),
          exactText(queryRunner, 'sessionIndex', 191, true),
          { name: 'idToken', type: 'text', isNullable: true },
          exactText(queryRunner, 'casTicket', 191, true),
          instant('createdAt'),
        ],
        indices: [
          index('ix_identity_session_link_name_id', ['connectorId', 'nameId']),
          index('ix_identity_session_link_ticket', ['connectorId', 'casTicket']),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['sessionTokenHash'],
            referencedTableName: 'http_session',
            referencedColumnNames: ['tokenHash'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'roster_import',
        columns: [
          id(),
          ref('schoolId'),
          text('connectorId', 64),
          text('preset', 32),
          text('fileName', 200),
          { name: 'content', type: largeText, isNullable: false },
          text('contentDigest', 64),
          text('status', 16),
          { name: 'summaryJson', type: 'text', isNullable: true },
          ref('createdById', true),
          instant('createdAt'),
          instant('appliedAt', true),
        ],
        indices: [index('ix_roster_import_school', ['schoolId', 'createdAt'])],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['schoolId'], referencedTableName: 'school', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_class_source',
        columns: [{ ...ref('classId'), isPrimary: true }, text('connectorId', 64), instant('createdAt')],
        indices: [index('ix_identity_class_source_connector', ['connectorId'])],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['classId'], referencedTableName: 'school_class', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['identity_class_source', 'roster_import', 'identity_session_link', 'identity_replay_guard', 'identity_pending_request']) {
      await queryRunner.dropTable(table);
    }
  }
}
