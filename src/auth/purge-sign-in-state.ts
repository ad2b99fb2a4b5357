import { LessThanOrEqual, type DataSource } from 'typeorm';
import { IdentityPendingRequest } from '../model/identity-pending-request.js';
import { IdentityReplayGuard } from '../model/identity-replay-guard.js';

/**
 * Deletes sign-ins that were never completed and replay records of messages that have expired
 * anyway. Run periodically; nothing depends on it for safety (expiry is checked when read).
 */
export async function purgeExpiredSignInState(dataSource: DataSource, now: Date): Promise<number> {
  const pending = await dataSource.getRepository(IdentityPendingRequest).delete({ expiresAt: LessThanOrEqual(now) });
  const replay = await dataSource.getRepository(IdentityReplayGuard).delete({ expiresAt: LessThanOrEqual(now) });
  return (pending.affected ?? 0) + (replay.affected ?? 0);
}
