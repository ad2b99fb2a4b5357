import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { exactText, flag, id, instant, ref, text } from './columns.js';

/*
 * Column shapes only this migration uses: a nullable long text (URLs the platforms choose,
 * JSON they echo). Every identifier a platform chooses (issuer, client id, deployment id, context
 * id, nonce) or we compare by value (key id) is `exactText`: MariaDB's default collation would
 * match it whatever its case or accents. Hashes are lowercase hex and need no such care.
 */
const optionalLongText = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true });
const requiredLongText = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: false });

const onDelete = (column: string, table: string, action: 'CASCADE' | 'SET NULL'): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: action });

const index = (name: string, columns: string[], unique = false): TableIndex =>
  new TableIndex({ name, columnNames: columns, isUnique: unique });

/** Tables of the LTI 1.3 tool, newest dependency last so `down()` drops them in reverse. */
const TABLES_IN_ORDER = [
  'lti_platform',
  'lti_deployment',
  'lti_login',
  'lti_tool_key',
  'lti_context_sync',
  'lti_deep_link_request',
  'lti_registration_invite',
  'lti_handoff',
];

/** LTI 1.3 platforms and their deployments, tool keys, logins (state and nonce), deep links, roster syncs. */
export class Lti1764100000000 implements MigrationInterface {
  name = 'Lti1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'lti_platform',
        columns: [
          id(),
          exactText(queryRunner, 'issuer', 191),
          exactText(queryRunner, 'clientId', 191),
          exactText(queryRunner, 'identityIssuer', 191),
          text('name', 120, true),
          requiredLongText('authLoginUrl'),
          requiredLongText('authTokenUrl'),
          requiredLongText('keysetUrl'),
          optionalLongText('tokenAudience'),
          ref('schoolId', true),
          text('source', 16),
          instant('createdAt'),
          instant('disabledAt', true),
        ],
        indices: [
          index('uq_lti_platform_client', ['issuer', 'clientId'], true),
          index('uq_lti_platform_identity_issuer', ['identityIssuer'], true),
          index('ix_lti_platform_school', ['schoolId']),
        ],
        foreignKeys: [onDelete('schoolId', 'school', 'SET NULL')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lti_deployment',
        columns: [
          id(),
          ref('platformId'),
          exactText(queryRunner, 'deploymentId', 191),
          ref('schoolId', true),
          text('pairingCodeHash', 64, true),
          instant('pairingExpiresAt', true),
          instant('createdAt'),
          instant('disabledAt', true),
        ],
        indices: [
          index('uq_lti_deployment', ['platformId', 'deploymentId'], true),
          index('uq_lti_deployment_pairing', ['pairingCodeHash'], true),
        ],
        foreignKeys: [onDelete('platformId', 'lti_platform', 'CASCADE'), onDelete('schoolId', 'school', 'SET NULL')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lti_login',
        columns: [
          id(),
          text('stateHash', 64),
          exactText(queryRunner, 'nonce', 64),
          ref('platformId'),
          requiredLongText('targetLinkUri'),
          requiredLongText('loginParamsJson'),
          text('storageTarget', 100, true),
          text('bindingHash', 64, true),
          instant('createdAt'),
          instant('expiresAt'),
          instant('usedAt', true),
        ],
        indices: [
          index('uq_lti_login_state', ['stateHash'], true),
          index('uq_lti_login_nonce', ['nonce'], true),
          index('ix_lti_login_expires', ['expiresAt']),
        ],
        foreignKeys: [onDelete('platformId', 'lti_platform', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lti_tool_key',
        columns: [
          { ...exactText(queryRunner, 'kid', 64), isPrimary: true },
          requiredLongText('publicJwkJson'),
          requiredLongText('privateKeySealed'),
          instant('createdAt'),
          instant('signingFrom'),
          instant('retiresAt', true),
        ],
        indices: [index('ix_lti_tool_key_signing', ['signingFrom'])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lti_context_sync',
        columns: [
          id(),
          ref('platformId'),
          exactText(queryRunner, 'contextId', 191),
          ref('classId'),
          instant('startedAt'),
          instant('finishedAt', true),
          text('outcome', 32, true),
          optionalLongText('detailJson'),
        ],
        // One row per class: a context's class is its registration's own (see context-class.ts).
        indices: [index('uq_lti_context_sync', ['platformId', 'classId'], true), index('ix_lti_context_sync_started', ['startedAt'])],
        foreignKeys: [onDelete('platformId', 'lti_platform', 'CASCADE'), onDelete('classId', 'school_class', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lti_deep_link_request',
        columns: [
          id(),
          text('tokenHash', 64),
          ref('platformId'),
          exactText(queryRunner, 'deploymentId', 191),
          ref('personId'),
          ref('schoolId'),
          ref('classId', true),
          requiredLongText('returnUrl'),
          optionalLongText('data'),
          flag('acceptMultiple', false),
          text('language', 16),
          instant('createdAt'),
          instant('expiresAt'),
          instant('usedAt', true),
        ],
        indices: [index('uq_lti_deep_link_token', ['tokenHash'], true), index('ix_lti_deep_link_expires', ['expiresAt'])],
        foreignKeys: [
          onDelete('platformId', 'lti_platform', 'CASCADE'),
          onDelete('personId', 'person', 'CASCADE'),
          onDelete('schoolId', 'school', 'CASCADE'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lti_registration_invite',
        columns: [
          id(),
          text('tokenHash', 64),
          ref('schoolId'),
          ref('createdById'),
          instant('createdAt'),
          instant('expiresAt'),
          instant('usedAt', true),
          ref('platformId', true),
        ],
        indices: [
          index('uq_lti_registration_invite', ['tokenHash'], true),
          index('ix_lti_registration_invite_school', ['schoolId']),
          index('ix_lti_registration_invite_expires', ['expiresAt']),
        ],
        foreignKeys: [onDelete('schoolId', 'school', 'CASCADE'), onDelete('createdById', 'person', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'lti_handoff',
        columns: [
          id(),
          text('codeHash', 64),
          // The half of the one-time code that never travels in the URL (see handoff.ts).
          text('secretHash', 64),
          ref('personId'),
          text('signInMethod', 80),
          requiredLongText('targetPath'),
          instant('createdAt'),
          instant('expiresAt'),
          instant('usedAt', true),
        ],
        indices: [index('uq_lti_handoff', ['codeHash'], true), index('ix_lti_handoff_expires', ['expiresAt'])],
        foreignKeys: [onDelete('personId', 'person', 'CASCADE')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES_IN_ORDER].reverse()) await queryRunner.dropTable(table);
  }
}
