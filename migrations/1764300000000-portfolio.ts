import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { cascade, flag, id, index, instant, ref, smallInt, storedItemColumns, text, whole } from './columns.js';

/** Portfolio entries, their media and who appears in them, the timeline, skills and families' responses. */
export class Portfolio1764300000000 implements MigrationInterface {
  name = 'Portfolio1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'portfolio_entry',
        columns: [
          id(),
          ref('schoolId'),
          ref('classId'),
          ref('authorId'),
          text('audience', 16),
          text('momentKind', 16, true),
          text('title', 200),
          text('comment', 4000),
          text('state', 16),
          instant('publishAt', true),
          instant('familiesSeeAt', true),
          ref('approvedById', true),
          instant('createdAt'),
          instant('updatedAt'),
        ],
        indices: [index('ix_portfolio_entry_class', ['classId', 'createdAt']), index('ix_portfolio_entry_due', ['state', 'publishAt'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('classId', 'school_class'), cascade('authorId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'entry_pupil',
        columns: [{ ...ref('entryId'), isPrimary: true }, { ...ref('pupilId'), isPrimary: true }, ref('schoolId')],
        indices: [index('ix_entry_pupil_pupil', ['pupilId'])],
        foreignKeys: [cascade('entryId', 'portfolio_entry'), cascade('pupilId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'portfolio_feed_item',
        columns: [
          { ...ref('pupilId'), isPrimary: true },
          { ...ref('entryId'), isPrimary: true },
          ref('schoolId'),
          instant('publishAt'),
          instant('familiesSeeAt'),
        ],
        indices: [
          index('ix_portfolio_feed_families', ['pupilId', 'familiesSeeAt', 'entryId']),
          index('ix_portfolio_feed_entry', ['entryId']),
        ],
        foreignKeys: [cascade('pupilId', 'person'), cascade('entryId', 'portfolio_entry'), cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'portfolio_medium',
        columns: [
          id(),
          ref('schoolId'),
          ref('classId'),
          ref('entryId', true),
          ref('uploadedById'),
          ...storedItemColumns(),
          flag('peopleReviewed', false),
          whole('position'),
          instant('createdAt'),
        ],
        indices: [index('ix_portfolio_medium_entry', ['entryId', 'position']), index('ix_portfolio_medium_school', ['schoolId', 'createdAt'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('classId', 'school_class'), cascade('entryId', 'portfolio_entry')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'medium_tag',
        columns: [{ ...ref('mediumId'), isPrimary: true }, { ...ref('pupilId'), isPrimary: true }, ref('schoolId')],
        indices: [index('ix_medium_tag_pupil', ['pupilId'])],
        foreignKeys: [cascade('mediumId', 'portfolio_medium'), cascade('pupilId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'skill',
        columns: [
          id(),
          ref('schoolId'),
          { ...smallInt('cycle', false) },
          text('domainCode', 64),
          text('domainLabel', 200),
          text('label', 300),
          whole('position'),
          instant('archivedAt', true),
        ],
        indices: [index('ix_skill_school', ['schoolId', 'cycle', 'position'])],
        foreignKeys: [cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'entry_skill',
        columns: [{ ...ref('entryId'), isPrimary: true }, { ...ref('skillId'), isPrimary: true }, ref('schoolId'), text('level', 16)],
        foreignKeys: [cascade('entryId', 'portfolio_entry'), cascade('skillId', 'skill')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'entry_response',
        columns: [
          id(),
          ref('entryId'),
          ref('schoolId'),
          ref('authorId'),
          ref('pupilId'),
          text('reaction', 16, true),
          text('body', 1000, true),
          text('status', 16),
          instant('createdAt'),
        ],
        indices: [index('ix_entry_response_entry', ['entryId', 'createdAt'])],
        foreignKeys: [cascade('entryId', 'portfolio_entry'), cascade('authorId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['entry_response', 'entry_skill', 'skill', 'medium_tag', 'portfolio_medium', 'portfolio_feed_item', 'entry_pupil', 'portfolio_entry']) {
      await queryRunner.dropTable(table);
    }
  }
}
