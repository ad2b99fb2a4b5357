import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { calendarDate, cascade, flag, id, index, instant, longText, ref, text } from './columns.js';

/** A whole number, named as TypeORM names an `int` entity column on each engine (`integer` on SQLite). */
const wholeNumber = (queryRunner: QueryRunner, name: string): TableColumnOptions => ({
  name,
  type: queryRunner.connection.options.type === 'better-sqlite3' ? 'integer' : 'int',
  isNullable: false,
});

/**
 * The families' equipment survey and the school's communication charter.
 *
 * A survey's answers are kept apart from who gave them: `survey_ballot` says a family has
 * answered (to refuse a second answer) and `survey_answer` holds answers with neither a person,
 * a family nor a time, so the two tables share nothing to join on.
 */
export class SurveyAndCharter1765500000000 implements MigrationInterface {
  name = 'SurveyAndCharter1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'survey',
        columns: [
          id(),
          ref('schoolId'),
          text('title', 200),
          longText('questionsJson'),
          calendarDate('closesOn'),
          instant('closedAt', true),
          ref('createdBy', true),
          instant('createdAt'),
        ],
        indices: [index('ix_survey_school', ['schoolId', 'createdAt'])],
        foreignKeys: [cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'survey_ballot',
        columns: [id(), ref('surveyId'), ref('familyKey'), flag('used', false), text('codeHash', 64, true)],
        indices: [index('ux_survey_ballot_family', ['surveyId', 'familyKey'], true), index('ux_survey_ballot_code', ['codeHash'], true)],
        foreignKeys: [cascade('surveyId', 'survey')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'survey_answer',
        columns: [id(), ref('surveyId'), longText('classIdsJson'), longText('answersJson')],
        indices: [index('ix_survey_answer_survey', ['surveyId'])],
        foreignKeys: [cascade('surveyId', 'survey')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'school_charter',
        columns: [
          { ...ref('schoolId'), isPrimary: true },
          longText('body'),
          text('language', 12),
          wholeNumber(queryRunner, 'version'),
          ref('updatedBy', true),
          instant('updatedAt'),
        ],
        foreignKeys: [cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'charter_acknowledgement',
        columns: [id(), ref('schoolId'), ref('guardianId'), wholeNumber(queryRunner, 'version'), instant('acknowledgedAt')],
        indices: [index('ux_charter_acknowledgement', ['schoolId', 'guardianId', 'version'], true)],
        foreignKeys: [cascade('schoolId', 'school'), cascade('guardianId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('charter_acknowledgement');
    await queryRunner.dropTable('school_charter');
    await queryRunner.dropTable('survey_answer');
    await queryRunner.dropTable('survey_ballot');
    await queryRunner.dropTable('survey');
  }
}
