import { syncContextRoster, type RosterTarget } from '../roster/sync-context-roster.js';
import type { LtiServices } from '../services.js';

/** The teacher's launch waits this long for the roster at most; the sync then goes on by itself. */
const ROSTER_WAIT_MS = 3_000;

/**
 * A teacher's launch refreshes the class roster (throttled per class), so they land on an
 * up-to-date class, but a slow or failing platform never holds them: after `ROSTER_WAIT_MS` the
 * launch goes on and the sync finishes in the background (it has its own overall deadline).
 * Failures are logged; the sync records them and the next launch soon tries again.
 */
export async function syncRosterBriefly(services: LtiServices, target: RosterTarget): Promise<void> {
  const { logger } = services.context;
  const where = { platformId: target.platform.id, classId: target.classId };
  const sync = syncContextRoster(services, target).then(
    (result) => {
      if (result) logger.info({ ...where, ...result }, 'LTI roster synced');
    },
    (error: unknown) => logger.warn({ err: error, ...where }, 'LTI roster sync failed'),
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ROSTER_WAIT_MS);
  });
  const outcome = await Promise.race([sync.then(() => 'done' as const), waited]);
  clearTimeout(timer);
  if (outcome === 'late') logger.info(where, 'LTI roster sync goes on after the launch');
}
