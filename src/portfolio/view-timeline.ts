import type { ModuleContext } from '../context.js';
import type { PupilFacts } from '../directory/pupil-facts.js';
import type { AccessChannel } from '../model/portfolio-access.js';
import type { Actor } from '../policy/actor.js';
import { recordPortfolioAccess } from '../sharing/access-history.js';
import { formatCursor, parseCursor } from './timeline-cursor.js';
import { loadTimeline, loadTimelineOf, type TimelineEntry } from './timeline.js';

/** Who looks at a child's timeline, and how they came in: the access history names both. */
export interface TimelineViewer {
  readonly actor: Actor;
  /** Their own account, or a QR code or personal link (the grant the history line points to). */
  readonly via: { readonly channel: Extract<AccessChannel, 'account'> } | { readonly channel: Exclude<AccessChannel, 'account'>; readonly grantId: string };
  /** Only the device family and a coarse network are kept from these, never the address itself. */
  readonly userAgent: string | undefined;
  readonly address: string | undefined;
}

/** A page of a child's timeline as its viewer sees it, with the `before` value of the next page. */
export interface TimelineView {
  readonly pupil: PupilFacts;
  readonly entries: readonly TimelineEntry[];
  readonly next: string | undefined;
}

/**
 * Viewing a child's timeline, whichever door it comes through (the page, the API, a QR code or a
 * personal link): one page cut to the viewer's rights, recorded in the child's access history —
 * the family's own views included — with the cursor of the page after it.
 *
 * @param pupil the child's id, looked up in whichever school lets the viewer in; or the child a
 *   share session already names (read with its grant, checked by the policy all the same)
 * @param before a `before` value already checked by `timelineCursorQuery`
 */
export async function viewTimeline(
  deps: Pick<ModuleContext, 'dataSource' | 'clock'>,
  viewer: TimelineViewer,
  pupil: string | PupilFacts,
  before: string | undefined,
): Promise<TimelineView> {
  const { dataSource } = deps;
  const now = deps.clock.now();
  const cursor = parseCursor(before);
  const page = typeof pupil === 'string' ? await loadTimeline(dataSource, viewer.actor, pupil, now, cursor) : await loadTimelineOf(dataSource, viewer.actor, pupil, now, cursor);
  await recordPortfolioAccess(
    dataSource,
    {
      schoolId: page.pupil.schoolId,
      pupilId: page.pupil.id,
      channel: viewer.via.channel,
      ...(viewer.via.channel === 'account' ? { personId: viewer.actor.personId } : { grantId: viewer.via.grantId }),
      userAgent: viewer.userAgent,
      address: viewer.address,
    },
    now,
  );
  return { pupil: page.pupil, entries: page.entries, next: page.next ? formatCursor(page.next) : undefined };
}
