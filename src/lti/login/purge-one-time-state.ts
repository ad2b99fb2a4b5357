import { LessThan, type DataSource } from 'typeorm';
import { LtiContextSync } from '../../model/lti-context-sync.js';
import { LtiDeepLinkRequest } from '../../model/lti-deep-link-request.js';
import { LtiHandoff } from '../../model/lti-handoff.js';
import { LtiLogin } from '../../model/lti-login.js';
import { LtiRegistrationInvite } from '../../model/lti-registration-invite.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Used logins are kept an hour after they expire, so a replayed id_token is still told apart as a replay. */
const KEEP_AFTER_EXPIRY_MS = HOUR_MS;
/** Registration links stay a month after they expire, for the head of school's page; the audit log keeps the rest. */
const KEEP_INVITES_MS = 30 * DAY_MS;
/** A context nobody launched for a month: its throttle is forgotten (the next launch simply syncs). */
const FORGET_SYNC_MS = 30 * DAY_MS;
const PURGE_INTERVAL_MS = 60_000;

const lastPurge = new WeakMap<DataSource, number>();

/**
 * Deletes the LTI tool's spent and expired one-time state (logins, handoffs, deep-link requests,
 * registration links) and forgotten roster throttles, at most once a minute per process, so that
 * the tables stay small whatever the traffic: login initiation stays one insert.
 */
export async function purgeExpiredLtiState(dataSource: DataSource, now: Date): Promise<void> {
  const last = lastPurge.get(dataSource);
  if (last !== undefined && now.getTime() - last < PURGE_INTERVAL_MS && now.getTime() >= last) return;
  lastPurge.set(dataSource, now.getTime());
  const before = (ms: number) => LessThan(new Date(now.getTime() - ms));
  await dataSource.getRepository(LtiLogin).delete({ expiresAt: before(KEEP_AFTER_EXPIRY_MS) });
  await dataSource.getRepository(LtiHandoff).delete({ expiresAt: before(KEEP_AFTER_EXPIRY_MS) });
  await dataSource.getRepository(LtiDeepLinkRequest).delete({ expiresAt: before(KEEP_AFTER_EXPIRY_MS) });
  await dataSource.getRepository(LtiRegistrationInvite).delete({ expiresAt: before(KEEP_INVITES_MS) });
  await dataSource.getRepository(LtiContextSync).delete({ startedAt: before(FORGET_SYNC_MS) });
}
