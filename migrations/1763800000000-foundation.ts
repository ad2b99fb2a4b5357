import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { calendarDate, exactText, flag, id, instant, longText, ref, smallInt, text } from './columns.js';

const cascade = (column: string, table: string): TableForeignKey =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

const index = (name: string, columns: string[], unique = false): TableIndex =>
  new TableIndex({ name, columnNames: columns, isUnique: unique });

/** Schools, people, classes, roles, guardianships, identities, image consent, audit and sessions. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'school',
        columns: [
          id(),
          text('uai', 8),
          text('name', 200),
          text('timezone', 64, false, 'Europe/Paris'),
          longText('settingsJson'),
          flag('isDemo', false),
          instant('createdAt'),
        ],
        indices: [index('uq_school_uai', ['uai'], true)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'school_year',
        columns: [id(), ref('schoolId'), text('label', 16), calendarDate('startsOn'), calendarDate('endsOn')],
        indices: [index('uq_school_year_label', ['schoolId', 'label'], true)],
        foreignKeys: [cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'school_class',
        columns: [
          id(),
          ref('schoolId'),
          ref('schoolYearId'),
          text('name', 100),
          text('levels', 32, true),
          smallInt('cycle'),
          exactText(queryRunner, 'externalRef', 191, true),
        ],
        indices: [index('ix_school_class_school', ['schoolId', 'schoolYearId'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('schoolYearId', 'school_year')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'person',
        columns: [
          id(),
          text('givenName', 100),
          text('familyName', 100),
          text('preferredLanguage', 16, false, 'fr'),
          text('email', 254, true),
          text('phone', 32, true),
          calendarDate('birthDate', true),
          instant('createdAt'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'school_membership',
        columns: [
          id(),
          ref('personId'),
          ref('schoolId'),
          text('role', 32),
          text('staffFunction', 64, true),
          instant('startedAt'),
          instant('endedAt', true),
        ],
        indices: [
          index('uq_school_membership', ['personId', 'schoolId', 'role'], true),
          index('ix_school_membership_school', ['schoolId', 'role']),
        ],
        foreignKeys: [cascade('personId', 'person'), cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'enrolment',
        columns: [id(), ref('pupilId'), ref('classId'), ref('schoolId'), instant('startedAt'), instant('endedAt', true)],
        indices: [index('ix_enrolment_class', ['classId']), index('ix_enrolment_pupil', ['pupilId'])],
        foreignKeys: [cascade('pupilId', 'person'), cascade('classId', 'school_class'), cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'teaching_assignment',
        columns: [
          id(),
          ref('teacherId'),
          ref('classId'),
          ref('schoolId'),
          flag('isMainTeacher', false),
          instant('startedAt'),
          instant('endedAt', true),
        ],
        indices: [
          index('ix_teaching_assignment_teacher', ['teacherId']),
          index('ix_teaching_assignment_class', ['classId']),
        ],
        foreignKeys: [cascade('teacherId', 'person'), cascade('classId', 'school_class'), cascade('schoolId', 'school')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'guardianship',
        columns: [
          id(),
          ref('schoolId'),
          ref('guardianId'),
          ref('childId'),
          text('status', 16),
          text('approval', 16, false, 'pending'),
          text('source', 16),
          smallInt('guardianRank'),
          text('relationship', 32, true),
          text('legalBasisKind', 16, true),
          text('legalBasisReference', 200, true),
          calendarDate('legalBasisDate', true),
          instant('effectiveFrom'),
          instant('effectiveTo', true),
          ref('recordedById', true),
          instant('createdAt'),
        ],
        indices: [
          index('ix_guardianship_guardian', ['guardianId']),
          index('ix_guardianship_child', ['childId']),
          index('ix_guardianship_school', ['schoolId']),
        ],
        foreignKeys: [cascade('schoolId', 'school'), cascade('guardianId', 'person'), cascade('childId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'external_identity',
        columns: [
          id(),
          ref('personId'),
          exactText(queryRunner, 'issuer', 191),
          exactText(queryRunner, 'subject', 191),
          text('connectorId', 64, true),
          instant('createdAt'),
          instant('lastSeenAt', true),
        ],
        indices: [
          index('uq_external_identity', ['issuer', 'subject'], true),
          index('ix_external_identity_person', ['personId']),
        ],
        foreignKeys: [cascade('personId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'image_consent',
        columns: [
          id(),
          ref('schoolId'),
          ref('childId'),
          text('scope', 16),
          instant('validFrom'),
          instant('validTo', true),
          ref('givenById', true),
          ref('recordedById'),
          text('evidence', 200, true),
          instant('createdAt'),
        ],
        indices: [index('ix_image_consent_child', ['childId', 'validFrom'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('childId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          id(),
          ref('schoolId', true),
          ref('actorId', true),
          text('action', 64),
          text('subjectKind', 32),
          ref('subjectId', true),
          longText('detailJson'),
          instant('at'),
        ],
        indices: [
          index('ix_audit_event_school', ['schoolId', 'at']),
          index('ix_audit_event_subject', ['subjectKind', 'subjectId']),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'http_session',
        columns: [
          { name: 'tokenHash', type: 'varchar', length: '64', isPrimary: true },
          ref('personId', true),
          text('csrfToken', 64),
          text('language', 16, true),
          text('signInMethod', 80, true),
          instant('createdAt'),
          instant('lastSeenAt'),
          instant('expiresAt'),
        ],
        indices: [index('ix_http_session_expires', ['expiresAt']), index('ix_http_session_person', ['personId'])],
        foreignKeys: [cascade('personId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'http_session',
      'audit_event',
      'image_consent',
      'external_identity',
      'guardianship',
      'teaching_assignment',
      'enrolment',
      'school_membership',
      'person',
      'school_class',
      'school_year',
      'school',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
