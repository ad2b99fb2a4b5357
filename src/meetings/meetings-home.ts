import type { ModuleContext } from '../context.js';
import { column, queryRows, rowReader } from '../db/row-reader.js';
import type { Actor } from '../policy/actor.js';
import { can } from '../policy/can.js';
import { loadCampaign, meetingResource } from './campaign-facts.js';

/** The meetings page of one person: rounds they hold, invitations for their children, their meetings to come. */
export interface MeetingsHome {
  readonly hosted: readonly { id: string; title: string }[];
  readonly invitations: readonly { campaignId: string; title: string; pupilId: string; childName: string; bookingClosesAt: Date }[];
  readonly meetings: readonly { id: string; title: string; childName: string; startsAt: Date; timezone: string }[];
  /** Classes the person may open a round for. */
  readonly classIds: readonly string[];
}

const readInvitationRow = rowReader({ campaignId: column.text, title: column.text, pupilId: column.text, childName: column.text, bookingClosesAt: column.instant, status: column.text });
const readMeetingRow = rowReader({ id: column.text, campaignId: column.text, pupilId: column.text, title: column.text, childName: column.text, startsAt: column.instant, timezone: column.text });

/**
 * What the meetings page lists for the actor, each line checked with the policy as their access
 * stands now (a guardian kept away since sees nothing of that child).
 */
export async function loadMeetingsHome(deps: Pick<ModuleContext, 'dataSource' | 'clock'>, actor: Actor): Promise<MeetingsHome> {
  const now = deps.clock.now();
  const hosted = await queryRows(deps.dataSource, rowReader({ id: column.text, title: column.text }),
    'SELECT c.id AS id, c.title AS title FROM meeting_host h JOIN meeting_campaign c ON c.id = h.campaignId WHERE h.hostId = ? ORDER BY c.createdAt DESC', [actor.personId]);
  const invitationRows = await queryRows(deps.dataSource, readInvitationRow,
    `SELECT c.id AS campaignId, c.title AS title, i.pupilId AS pupilId, p.givenName AS childName, c.bookingClosesAt AS bookingClosesAt, c.status AS status
       FROM meeting_invitation i JOIN meeting_campaign c ON c.id = i.campaignId JOIN person p ON p.id = i.pupilId WHERE i.guardianId = ?`, [actor.personId]);
  const meetingRows = await queryRows(deps.dataSource, readMeetingRow,
    `SELECT DISTINCT b.id AS id, b.campaignId AS campaignId, b.pupilId AS pupilId, c.title AS title, p.givenName AS childName, s.startsAt AS startsAt, sc.timezone AS timezone
       FROM meeting_booking b JOIN meeting_slot s ON s.id = b.slotId JOIN meeting_campaign c ON c.id = b.campaignId JOIN school sc ON sc.id = c.schoolId
       JOIN person p ON p.id = b.pupilId
       LEFT JOIN meeting_invitation i ON i.campaignId = b.campaignId AND i.pupilId = b.pupilId AND i.guardianId = ?
       LEFT JOIN meeting_host h ON h.campaignId = b.campaignId AND h.hostId = ?
      WHERE b.status <> 'cancelled' AND (b.bookedBy = ? OR (b.together = 1 AND i.id IS NOT NULL) OR h.hostId IS NOT NULL)`,
    [actor.personId, actor.personId, actor.personId]);
  const campaigns = new Map<string, Awaited<ReturnType<typeof loadCampaign>>>();
  const campaignOf = async (id: string) => {
    if (!campaigns.has(id)) campaigns.set(id, await loadCampaign(deps.dataSource, id));
    return campaigns.get(id);
  };
  const mayFollow = async (campaignId: string, pupilId: string) => {
    const campaign = await campaignOf(campaignId);
    if (!campaign) return false;
    const resource = meetingResource(campaign, { id: pupilId, classIds: [] }, false);
    return can(actor, 'book', resource) || can(actor, 'hold', resource);
  };
  const invitations = [];
  for (const row of invitationRows) if (row.status === 'open' && row.bookingClosesAt > now && (await mayFollow(row.campaignId, row.pupilId))) invitations.push(row);
  const meetings = [];
  for (const row of meetingRows) if (row.startsAt.getTime() > now.getTime() - 86_400_000 && (await mayFollow(row.campaignId, row.pupilId))) meetings.push(row);
  return {
    hosted,
    invitations,
    meetings: meetings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()),
    classIds: [...actor.taughtClassIds],
  };
}
