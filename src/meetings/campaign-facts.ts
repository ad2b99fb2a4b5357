import { column, queryRows, rowReader, type RawQueries } from '../db/row-reader.js';
import type { Resource } from '../policy/resources.js';

/** A campaign as the meeting services read it: its window, its hosts and its school's time zone. */
export interface CampaignFacts {
  readonly id: string;
  readonly schoolId: string;
  readonly schoolName: string;
  readonly timezone: string;
  readonly title: string;
  readonly classId: string | null;
  readonly bookingOpensAt: Date;
  readonly bookingClosesAt: Date;
  readonly informationOnlyInvited: boolean;
  readonly status: 'open' | 'closed';
  readonly createdBy: string;
  readonly hostIds: readonly string[];
}

const readCampaignRow = rowReader({
  id: column.text,
  schoolId: column.text,
  schoolName: column.text,
  timezone: column.text,
  title: column.text,
  classId: column.nullableText,
  bookingOpensAt: column.instant,
  bookingClosesAt: column.instant,
  informationOnlyInvited: column.flag,
  status: column.oneOf(['open', 'closed'] as const),
  createdBy: column.text,
  hostId: column.nullableText,
});

/** The campaign with its hosts, or undefined. Takes a data source or the caller's transaction. */
export async function loadCampaign(database: RawQueries, campaignId: string): Promise<CampaignFacts | undefined> {
  const rows = await queryRows(
    database,
    readCampaignRow,
    `SELECT c.id AS id, c.schoolId AS schoolId, s.name AS schoolName, s.timezone AS timezone, c.title AS title, c.classId AS classId,
            c.bookingOpensAt AS bookingOpensAt, c.bookingClosesAt AS bookingClosesAt, c.informationOnlyInvited AS informationOnlyInvited,
            c.status AS status, c.createdBy AS createdBy, h.hostId AS hostId
       FROM meeting_campaign c JOIN school s ON s.id = c.schoolId LEFT JOIN meeting_host h ON h.campaignId = c.id
      WHERE c.id = ?`,
    [campaignId],
  );
  const first = rows[0];
  if (!first) return undefined;
  const { hostId: _hostId, ...campaign } = first;
  return { ...campaign, hostIds: rows.flatMap((row) => (row.hostId ? [row.hostId] : [])) };
}

/** The campaign as the policy sees it. */
export function campaignResource(campaign: CampaignFacts, classIds: readonly string[]): Resource {
  return { kind: 'meetingCampaign', schoolId: campaign.schoolId, classIds, hostIds: campaign.hostIds };
}

/** One child's meeting of the campaign as the policy sees it. */
export function meetingResource(campaign: CampaignFacts, pupil: { id: string; classIds: readonly string[] }, summaryPublished: boolean): Resource {
  return {
    kind: 'meeting',
    schoolId: campaign.schoolId,
    pupilId: pupil.id,
    classIds: pupil.classIds,
    hostIds: campaign.hostIds,
    informationOnlyInvited: campaign.informationOnlyInvited,
    summaryPublished,
  };
}
