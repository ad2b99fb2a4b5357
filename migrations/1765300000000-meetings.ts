import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { calendarDate, cascade, flag, id, index, instant, longText, outboxRowColumns, ref, smallInt, text } from './columns.js';

/** `int` as SQLite's TypeORM names it (`integer`), so the outbox's `attempts` reads the same from the entity. */
function engineInt(queryRunner: QueryRunner, columns: TableColumnOptions[]): TableColumnOptions[] {
  if (queryRunner.connection.options.type !== 'better-sqlite3') return columns;
  return columns.map((column) => (column.type === 'int' ? { ...column, type: 'integer' } : column));
}

/**
 * Meetings between families and teachers: campaigns with their hosts and slots, the families
 * invited, bookings (one live booking per slot, which a unique index on `liveSlotId` guarantees
 * whatever the number of parents clicking at once), what was said and agreed, the e-mails that
 * carry calendar invitations, and each person's private calendar feed.
 */
export class Meetings1765300000000 implements MigrationInterface {
  name = 'Meetings1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'meeting_campaign',
        columns: [
          id(),
          ref('schoolId'),
          ref('createdBy'),
          text('title', 200),
          ref('classId', true),
          instant('bookingOpensAt'),
          instant('bookingClosesAt'),
          flag('informationOnlyInvited', false),
          text('status', 12),
          instant('createdAt'),
        ],
        indices: [index('ix_meeting_campaign_school', ['schoolId', 'createdAt'])],
        foreignKeys: [cascade('schoolId', 'school'), cascade('createdBy', 'person'), cascade('classId', 'school_class')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_host',
        columns: [{ ...ref('campaignId'), isPrimary: true }, { ...ref('hostId'), isPrimary: true }],
        indices: [index('ix_meeting_host_host', ['hostId'])],
        foreignKeys: [cascade('campaignId', 'meeting_campaign'), cascade('hostId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_slot',
        columns: [
          id(),
          ref('campaignId'),
          instant('startsAt'),
          instant('endsAt'),
          text('placeKind', 12),
          text('placeDetail', 300),
          text('status', 12),
          instant('createdAt'),
        ],
        indices: [index('ix_meeting_slot_campaign', ['campaignId', 'startsAt'])],
        foreignKeys: [cascade('campaignId', 'meeting_campaign')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_invitation',
        columns: [id(), ref('campaignId'), ref('pupilId'), ref('guardianId'), ref('messageId', true), instant('invitedAt')],
        indices: [index('ux_meeting_invitation', ['campaignId', 'pupilId', 'guardianId'], true), index('ix_meeting_invitation_guardian', ['guardianId'])],
        foreignKeys: [cascade('campaignId', 'meeting_campaign'), cascade('pupilId', 'person'), cascade('guardianId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_booking',
        columns: [
          id(),
          ref('campaignId'),
          ref('slotId'),
          // The slot while the booking holds it, NULL once cancelled: unique, so one slot has one live booking.
          ref('liveSlotId', true),
          ref('pupilId'),
          ref('bookedBy'),
          flag('together', false),
          longText('companionsJson'),
          text('status', 12),
          { ...smallInt('sequence', false), default: 0 },
          instant('createdAt'),
          instant('cancelledAt', true),
          ref('cancelledBy', true),
        ],
        indices: [
          index('ux_meeting_booking_live_slot', ['liveSlotId'], true),
          index('ix_meeting_booking_campaign', ['campaignId', 'pupilId']),
          index('ix_meeting_booking_slot', ['slotId']),
        ],
        foreignKeys: [cascade('campaignId', 'meeting_campaign'), cascade('slotId', 'meeting_slot'), cascade('pupilId', 'person'), cascade('bookedBy', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_record',
        columns: [
          { ...ref('bookingId'), isPrimary: true },
          longText('sharedNotes'),
          longText('privateNotes'),
          longText('summary'),
          text('language', 12),
          instant('publishedAt', true),
          longText('familyComment'),
          ref('familyCommentBy', true),
          instant('updatedAt'),
        ],
        foreignKeys: [cascade('bookingId', 'meeting_booking')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_action',
        columns: [id(), ref('bookingId'), text('owner', 8), text('what', 500), calendarDate('dueOn', true), smallInt('position', false)],
        indices: [index('ix_meeting_action_booking', ['bookingId', 'position'])],
        foreignKeys: [cascade('bookingId', 'meeting_booking')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'calendar_feed',
        columns: [id(), ref('personId'), text('tokenHash', 64), instant('createdAt'), instant('revokedAt', true)],
        indices: [index('ux_calendar_feed_token', ['tokenHash'], true), index('ix_calendar_feed_person', ['personId'])],
        foreignKeys: [cascade('personId', 'person')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_notice',
        columns: engineInt(queryRunner, [
          id(),
          ref('schoolId'),
          ref('bookingId'),
          ref('recipientId'),
          text('event', 12),
          { ...smallInt('sequence', false), default: 0 },
          ...outboxRowColumns(),
        ]),
        indices: [
          index('ux_meeting_notice', ['bookingId', 'recipientId', 'event', 'sequence'], true),
          index('ix_meeting_notice_due', ['status', 'notBefore']),
        ],
        foreignKeys: [cascade('schoolId', 'school'), cascade('bookingId', 'meeting_booking'), cascade('recipientId', 'person')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['meeting_notice', 'calendar_feed', 'meeting_action', 'meeting_record', 'meeting_booking', 'meeting_invitation', 'meeting_slot', 'meeting_host', 'meeting_campaign']) {
      await queryRunner.dropTable(table);
    }
  }
}
