import { Column, Entity, Index } from 'typeorm';
import { CalendarDateColumn, CodeColumn, IdColumn, InstantColumn, RefColumn, RefKeyColumn, TextColumn } from './columns.js';
import { OutboxRow } from './outbox-row.js';

/** Where a meeting takes place: at school, on the phone, or through a video link the teacher pastes. */
export const PLACE_KINDS = ['inPerson', 'phone', 'video'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A campaign takes bookings while open; a closed one keeps its meetings and figures. */
export type CampaignStatus = 'open' | 'closed';
/** A slot a host offers; a cancelled one takes no booking. */
export type SlotStatus = 'open' | 'cancelled';
/** booked until the meeting is held (met) or cancelled by the family or the school. */
export const BOOKING_STATUSES = ['booked', 'met', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Who carries out an agreed action. */
export const ACTION_OWNERS = ['school', 'family', 'child'] as const;
export type ActionOwner = (typeof ACTION_OWNERS)[number];
/** What a meeting e-mail tells: a booking made, moved or cancelled, or the meeting tomorrow. */
export const MEETING_EVENTS = ['confirmed', 'moved', 'cancelled', 'reminder'] as const;
export type MeetingEvent = (typeof MEETING_EVENTS)[number];

/**
 * A round of meetings ("Rencontres du 1er trimestre"): a class's families or chosen ones, with a
 * booking window whose end is also the last moment a family may cancel or rebook.
 */
@Entity('meeting_campaign')
@Index('ix_meeting_campaign_school', ['schoolId', 'createdAt'])
export class MeetingCampaign {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) createdBy: string;
  @TextColumn(200) title: string;
  /** The class whose families are invited; null for chosen families (or a single meeting). */
  @RefColumn({ nullable: true, references: 'school_class', onDelete: 'CASCADE' }) classId: string | null;
  @InstantColumn() bookingOpensAt: Date;
  @InstantColumn() bookingClosesAt: Date;
  /** Whether guardians with information only are invited too (the school's choice for this round). */
  @Column({ type: 'boolean', default: false }) informationOnlyInvited: boolean;
  @CodeColumn(12) status: CampaignStatus;
  @InstantColumn() createdAt: Date;
}

/** The teachers (or CPE, director) who hold a campaign's meetings together. */
@Entity('meeting_host')
@Index('ix_meeting_host_host', ['hostId'])
export class MeetingHost {
  @RefKeyColumn({ references: 'meeting_campaign', onDelete: 'CASCADE' }) campaignId: string;
  @RefKeyColumn({ references: 'person', onDelete: 'CASCADE' }) hostId: string;
}

/** One time a campaign's hosts offer. */
@Entity('meeting_slot')
@Index('ix_meeting_slot_campaign', ['campaignId', 'startsAt'])
export class MeetingSlot {
  @IdColumn() id: string;
  @RefColumn({ references: 'meeting_campaign', onDelete: 'CASCADE' }) campaignId: string;
  @InstantColumn() startsAt: Date;
  @InstantColumn() endsAt: Date;
  @CodeColumn(12) placeKind: PlaceKind;
  /** The room, the phone number to call, or the https video link. */
  @TextColumn(300) placeDetail: string;
  @CodeColumn(12) status: SlotStatus;
  @InstantColumn() createdAt: Date;
}

/** A guardian invited to book for a child: the figures count families invited and never reached from these. */
@Entity('meeting_invitation')
@Index('ux_meeting_invitation', ['campaignId', 'pupilId', 'guardianId'], { unique: true })
@Index('ix_meeting_invitation_guardian', ['guardianId'])
export class MeetingInvitation {
  @IdColumn() id: string;
  @RefColumn({ references: 'meeting_campaign', onDelete: 'CASCADE' }) campaignId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) guardianId: string;
  /** The message that carried the invitation through the messaging outbox. */
  @RefColumn({ nullable: true }) messageId: string | null;
  @InstantColumn() invitedAt: Date;
}

/**
 * A family's booking of a slot. `liveSlotId` is the slot while the booking holds it and NULL once
 * cancelled; its unique index is what keeps two parents clicking at once from both getting it.
 * `sequence` counts the changes the calendar invitation went through (RFC 5545 SEQUENCE).
 */
@Entity('meeting_booking')
@Index('ux_meeting_booking_live_slot', ['liveSlotId'], { unique: true })
@Index('ix_meeting_booking_campaign', ['campaignId', 'pupilId'])
@Index('ix_meeting_booking_slot', ['slotId'])
export class MeetingBooking {
  @IdColumn() id: string;
  @RefColumn({ references: 'meeting_campaign', onDelete: 'CASCADE' }) campaignId: string;
  @RefColumn({ references: 'meeting_slot', onDelete: 'CASCADE' }) slotId: string;
  @RefColumn({ nullable: true }) liveSlotId: string | null;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) pupilId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) bookedBy: string;
  /** Booked for the child's guardians together (they are all told), rather than for the booker alone. */
  @Column({ type: 'boolean', default: false }) together: boolean;
  /** Who comes with the family (`Companion[]` as JSON). */
  @Column({ type: 'text' }) companionsJson: string;
  @CodeColumn(12) status: BookingStatus;
  @Column({ type: 'smallint', default: 0 }) sequence: number;
  @InstantColumn() createdAt: Date;
  @InstantColumn({ nullable: true }) cancelledAt: Date | null;
  @RefColumn({ nullable: true }) cancelledBy: string | null;
}

/** What was said: notes shared with the family, the host's private notes, the summary once published, the family's comment. */
@Entity('meeting_record')
export class MeetingRecord {
  @RefKeyColumn({ references: 'meeting_booking', onDelete: 'CASCADE' }) bookingId: string;
  @Column({ type: 'text' }) sharedNotes: string;
  /** The host's own notes: never shown to a family, never in an API answer to one. */
  @Column({ type: 'text' }) privateNotes: string;
  @Column({ type: 'text' }) summary: string;
  /** The language the host wrote in, from which families' readings are translated. */
  @CodeColumn(12) language: string;
  @InstantColumn({ nullable: true }) publishedAt: Date | null;
  @Column({ type: 'text' }) familyComment: string;
  @RefColumn({ nullable: true }) familyCommentBy: string | null;
  @InstantColumn() updatedAt: Date;
}

/** One line of the agreed action plan: who does what by when. */
@Entity('meeting_action')
@Index('ix_meeting_action_booking', ['bookingId', 'position'])
export class MeetingAction {
  @IdColumn() id: string;
  @RefColumn({ references: 'meeting_booking', onDelete: 'CASCADE' }) bookingId: string;
  @CodeColumn(8) owner: ActionOwner;
  @TextColumn(500) what: string;
  @CalendarDateColumn({ nullable: true }) dueOn: string | null;
  @Column({ type: 'smallint' }) position: number;
}

/** A person's private calendar feed address; only the token's SHA-256 is kept. Revoked feeds answer like unknown ones. */
@Entity('calendar_feed')
@Index('ux_calendar_feed_token', ['tokenHash'], { unique: true })
@Index('ix_calendar_feed_person', ['personId'])
export class CalendarFeed {
  @IdColumn() id: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) personId: string;
  @CodeColumn(64) tokenHash: string;
  @InstantColumn() createdAt: Date;
  @InstantColumn({ nullable: true }) revokedAt: Date | null;
}

/**
 * "Tell this person about this booking's change (or remind them of it)": one row per booking,
 * person, event and sequence, which the unique index keeps single; sent as an e-mail with the
 * calendar invitation attached, within the school's notification hours.
 */
@Entity('meeting_notice')
@Index('ux_meeting_notice', ['bookingId', 'recipientId', 'event', 'sequence'], { unique: true })
@Index('ix_meeting_notice_due', ['status', 'notBefore'])
export class MeetingNotice extends OutboxRow {
  @IdColumn() id: string;
  @RefColumn({ references: 'school', onDelete: 'CASCADE' }) schoolId: string;
  @RefColumn({ references: 'meeting_booking', onDelete: 'CASCADE' }) bookingId: string;
  @RefColumn({ references: 'person', onDelete: 'CASCADE' }) recipientId: string;
  @CodeColumn(12) event: MeetingEvent;
  @Column({ type: 'smallint', default: 0 }) sequence: number;
}
