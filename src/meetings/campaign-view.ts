import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import { findPupil } from '../directory/pupil-facts.js';
import { notFound } from '../http/errors.js';
import type { BOOKING_STATUSES} from '../model/meeting.js';
import { PLACE_KINDS } from '../model/meeting.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { campaignResource, loadCampaign, meetingResource } from './campaign-facts.js';
import { companionInput, type Companion } from './inputs.js';

/** A slot as one reader sees it: free, theirs (with the booking), taken; hosts see who booked. */
interface SlotView {
  readonly id: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly placeKind: (typeof PLACE_KINDS)[number];
  readonly placeDetail: string;
  readonly state: 'free' | 'mine' | 'taken' | 'past' | 'cancelled';
  readonly bookingId: string | null;
  /** For hosts only. */
  readonly booked: { readonly pupilName: string; readonly bookerName: string; readonly companions: readonly Companion[]; readonly status: (typeof BOOKING_STATUSES)[number] } | null;
}

/** A campaign for one reader: hosts manage it, a guardian books for one of their invited children. */
export interface CampaignView {
  readonly id: string;
  readonly schoolId: string;
  readonly title: string;
  readonly timezone: string;
  readonly bookingOpensAt: Date;
  readonly bookingClosesAt: Date;
  readonly hosts: boolean;
  readonly hostNames: readonly string[];
  /** The child a guardian books for (null for hosts). */
  readonly pupil: { readonly id: string; readonly givenName: string } | null;
  readonly bookingOpen: boolean;
  readonly slots: readonly SlotView[];
}

const readSlotRow = rowReader({
  id: column.text,
  startsAt: column.instant,
  endsAt: column.instant,
  placeKind: column.oneOf(PLACE_KINDS),
  placeDetail: column.text,
  slotStatus: column.oneOf(['open', 'cancelled'] as const),
  bookingId: column.nullableText,
  pupilId: column.nullableText,
  bookedBy: column.nullableText,
  together: column.nullableFlag,
  companions: column.nullableText,
  bookingStatus: column.nullableText,
  pupilName: column.nullableText,
  bookerName: column.nullableText,
});

/**
 * The campaign's slots for a host, or for a guardian booking for `pupilId` (a child they may book
 * for and who was invited; NOT_FOUND otherwise). A guardian sees which slots are free and which
 * is theirs, never who took the others.
 */
export async function viewCampaign(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor, campaignId: string, pupilId: string | undefined): Promise<CampaignView> {
  const now = deps.clock.now();
  const campaign = await loadCampaign(deps.dataSource, campaignId);
  if (!campaign) throw notFound();
  const hosts = can(actor, 'manage', campaignResource(campaign, campaign.classId ? [campaign.classId] : []));
  let pupil: { id: string; givenName: string } | null = null;
  if (!hosts) {
    const found = pupilId ? await findPupil(deps.dataSource, campaign.schoolId, pupilId, now) : undefined;
    if (!found || !can(actor, 'book', meetingResource(campaign, found, false))) throw notFound();
    const invited = await queryRows(deps.dataSource, rowReader({ n: column.count }), 'SELECT COUNT(*) AS n FROM meeting_invitation WHERE campaignId = ? AND pupilId = ?', [campaign.id, found.id]);
    if ((invited[0]?.n ?? 0) === 0) throw notFound();
    pupil = { id: found.id, givenName: found.givenName };
  }
  const rows = await queryRows(
    deps.dataSource,
    readSlotRow,
    `SELECT s.id AS id, s.startsAt AS startsAt, s.endsAt AS endsAt, s.placeKind AS placeKind, s.placeDetail AS placeDetail, s.status AS slotStatus,
            b.id AS bookingId, b.pupilId AS pupilId, b.bookedBy AS bookedBy, b.together AS together, b.companionsJson AS companions, b.status AS bookingStatus,
            ${hosts ? 'pp.givenName' : 'NULL'} AS pupilName, ${hosts ? 'bp.givenName' : 'NULL'} AS bookerName
       FROM meeting_slot s
       LEFT JOIN meeting_booking b ON b.slotId = s.id AND b.status <> 'cancelled'
       LEFT JOIN person pp ON pp.id = b.pupilId
       LEFT JOIN person bp ON bp.id = b.bookedBy
      WHERE s.campaignId = ?`,
    [campaign.id],
  );
  const hostRows = await queryRows(deps.dataSource, rowReader({ givenName: column.text, familyName: column.text }),
    'SELECT p.givenName AS givenName, p.familyName AS familyName FROM meeting_host h JOIN person p ON p.id = h.hostId WHERE h.campaignId = ?', [campaign.id]);
  const slots = rows
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((row): SlotView => {
      const mine = row.bookingId !== null && row.pupilId === pupil?.id && (row.bookedBy === actor.personId || row.together === true);
      const state = row.slotStatus === 'cancelled' ? 'cancelled' : mine ? 'mine' : row.bookingId ? 'taken' : row.startsAt.getTime() <= now.getTime() ? 'past' : 'free';
      return {
        id: row.id,
        startsAt: row.startsAt,
        endsAt: row.endsAt,
        placeKind: row.placeKind,
        placeDetail: row.placeDetail,
        state,
        bookingId: hosts || mine ? row.bookingId : null,
        booked:
          hosts && row.bookingId
            ? {
                pupilName: row.pupilName ?? '',
                bookerName: row.bookerName ?? '',
                companions: companionInput.array().parse(JSON.parse(row.companions ?? '[]')),
                status: row.bookingStatus === 'met' ? 'met' : 'booked',
              }
            : null,
      };
    });
  return {
    id: campaign.id,
    schoolId: campaign.schoolId,
    title: campaign.title,
    timezone: campaign.timezone,
    bookingOpensAt: campaign.bookingOpensAt,
    bookingClosesAt: campaign.bookingClosesAt,
    hosts,
    hostNames: hostRows.map((row) => `${row.givenName} ${row.familyName}`),
    pupil,
    bookingOpen: campaign.status === 'open' && now >= campaign.bookingOpensAt && now < campaign.bookingClosesAt,
    slots,
  };
}
