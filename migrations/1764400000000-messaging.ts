import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { exactText, flag, id, instant, ref, smallInt, text } from './columns.js';

const index = (name: string, columns: string[], unique = false): TableIndex =>
  new TableIndex({ name, columnNames: columns, isUnique: unique });

const foreignKey = (column: string, table: string, onDelete: 'CASCADE' | 'RESTRICT' = 'RESTRICT'): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

/**
 * Messaging (issue 4): messages and their threads, one row per recipient (delivered, read,
 * acknowledged, answered), reactions, attachments as references to media, the notification
 * outbox written in the same transaction as the message, people's notification preferences and
 * push subscriptions, and the translation cache.
 */
export class Messaging1764400000000 implements MigrationInterface {
  name = 'Messaging1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'message',
        columns: [
          id(),
          ref('schoolId'),
          // The thread's first message; a first message names itself.
          ref('threadId'),
          ref('senderId'),
          text('audience', 16),
          ref('classId', true),
          ref('pupilId', true),
          text('kind', 16),
          text('requestKind', 16, true),
          text('subject', 200, true),
          { name: 'body', type: 'text', isNullable: false },
          text('language', 16),
          flag('urgent', false),
          flag('copyPupil', false),
          exactText(queryRunner, 'idempotencyKey', 128, true),
          text('requestHash', 64, true),
          { name: 'recipientCount', type: 'int', isNullable: false, default: 0 },
          instant('createdAt'),
          instant('recalledAt', true),
        ],
        indices: [
          index('uq_message_idempotency', ['senderId', 'idempotencyKey'], true),
          index('ix_message_thread', ['threadId', 'createdAt']),
          index('ix_message_sender', ['senderId', 'createdAt']),
          index('ix_message_school', ['schoolId', 'createdAt']),
        ],
        foreignKeys: [foreignKey('schoolId', 'school'), foreignKey('senderId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'message_recipient',
        columns: [
          { ...ref('messageId'), isPrimary: true },
          { ...ref('personId'), isPrimary: true },
          // guardian, pupil or staff: how the person is concerned.
          text('role', 16),
          // The child through whom a guardian receives it (their rights are checked on it at read).
          ref('pupilId', true),
          instant('deliveredAt', true),
          instant('readAt', true),
          instant('acknowledgedAt', true),
          text('answer', 8, true),
          instant('answeredAt', true),
        ],
        indices: [index('ix_message_recipient_person', ['personId', 'messageId'])],
        foreignKeys: [foreignKey('messageId', 'message', 'CASCADE'), foreignKey('personId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'message_reaction',
        columns: [
          { ...ref('messageId'), isPrimary: true },
          { ...ref('personId'), isPrimary: true },
          { ...text('reaction', 16), isPrimary: true },
          instant('createdAt'),
        ],
        foreignKeys: [foreignKey('messageId', 'message', 'CASCADE'), foreignKey('personId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'message_attachment',
        columns: [
          id(),
          ref('messageId'),
          // A media item of the media pipeline (src/media/); the upload itself is its business.
          ref('mediaId'),
          text('kind', 16),
          smallInt('position', false),
        ],
        indices: [index('ix_message_attachment_message', ['messageId'])],
        foreignKeys: [foreignKey('messageId', 'message', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_job',
        columns: [
          id(),
          ref('messageId'),
          ref('recipientId'),
          text('channel', 8),
          text('status', 12),
          instant('notBefore'),
          { name: 'attempts', type: 'int', isNullable: false, default: 0 },
          text('lastError', 300, true),
          text('lockedBy', 36, true),
          instant('lockedUntil', true),
          instant('sentAt', true),
          instant('createdAt'),
        ],
        indices: [
          // One notification per message, person and channel: a retried send cannot add a second.
          index('uq_notification_job', ['messageId', 'recipientId', 'channel'], true),
          index('ix_notification_job_due', ['status', 'notBefore']),
          index('ix_notification_job_lock', ['lockedBy']),
        ],
        foreignKeys: [foreignKey('messageId', 'message', 'CASCADE'), foreignKey('recipientId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_preference',
        columns: [
          { ...ref('personId'), isPrimary: true },
          text('quietStart', 5, true),
          text('quietEnd', 5, true),
          text('digest', 12, false, 'immediate'),
          flag('emailEnabled', true),
          instant('updatedAt'),
        ],
        foreignKeys: [foreignKey('personId', 'person', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'push_subscription',
        columns: [
          id(),
          ref('personId'),
          { ...exactText(queryRunner, 'endpointHash', 64) },
          { name: 'endpoint', type: 'text', isNullable: false },
          exactText(queryRunner, 'p256dh', 200),
          exactText(queryRunner, 'auth', 64),
          instant('createdAt'),
        ],
        indices: [index('uq_push_subscription_endpoint', ['endpointHash'], true), index('ix_push_subscription_person', ['personId'])],
        foreignKeys: [foreignKey('personId', 'person', 'CASCADE')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'translation_cache',
        columns: [
          // SHA-256 of provider, languages and text.
          { ...exactText(queryRunner, 'cacheKey', 64), isPrimary: true },
          text('provider', 32),
          text('sourceLanguage', 16),
          text('targetLanguage', 16),
          { name: 'translatedText', type: 'text', isNullable: false },
          instant('createdAt'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'translation_cache',
      'push_subscription',
      'notification_preference',
      'notification_job',
      'message_attachment',
      'message_reaction',
      'message_recipient',
      'message',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
