import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { exactText, instant } from './columns.js';

/**
 * Fixed-window rate limits kept in the database (src/http/rate-limit.ts), so that every instance
 * behind a load balancer counts the same hits. One row per key and window; rows of windows that
 * are over are deleted as the limiter goes.
 */
export class RateLimits1764200000000 implements MigrationInterface {
  name = 'RateLimits1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rate_limit_window',
        columns: [
          // `<key>@<window start>`, or a digest of it: keys are compared byte for byte.
          { ...exactText(queryRunner, 'bucket', 191), isPrimary: true },
          { name: 'hits', type: 'int', isNullable: false },
          instant('expiresAt'),
        ],
        indices: [new TableIndex({ name: 'ix_rate_limit_window_expires', columnNames: ['expiresAt'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limit_window');
  }
}
