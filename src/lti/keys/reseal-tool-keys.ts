import { MoreThan, type DataSource } from 'typeorm';
import { recordAuditEvent } from '../../audit/record-audit-event.js';
import { runInTransaction } from '../../db/transaction.js';
import { LtiToolKey } from '../../model/lti-tool-key.js';
import { SealedBox } from './sealed-box.js';
import { TOOL_KEY_SEAL_PURPOSE } from './tool-keys.js';

const BATCH = 100;

/** What a resealing run did. */
export interface ResealReport {
  /** Sealed again under the current secret by this run. */
  readonly resealed: number;
  /** Already under the current secret (a run that was interrupted, or a key made since). */
  readonly alreadyCurrent: number;
  /** Opened by no known secret: the previous secrets must be kept (or the keys left to retire). */
  readonly unreadable: readonly string[];
}

/**
 * After a rotation of the master secret, seals each LTI tool private key again under the current
 * secret. Resumable and safe beside running servers: rows are read in key order by batches, and
 * each is written only if it still holds the value read (a compare-and-set), so a second run, or
 * one after a crash, only finishes what is left. The run is recorded in the audit log.
 */
export async function resealToolKeys(dataSource: DataSource, secrets: readonly [string, ...string[]], now: Date): Promise<ResealReport> {
  const box = new SealedBox(secrets, TOOL_KEY_SEAL_PURPOSE);
  const repository = dataSource.getRepository(LtiToolKey);
  let resealed = 0;
  let alreadyCurrent = 0;
  const unreadable: string[] = [];
  let after = '';
  for (;;) {
    const batch = await repository.find({ where: { kid: MoreThan(after) }, order: { kid: 'ASC' }, take: BATCH, select: { kid: true, privateKeySealed: true } });
    if (batch.length === 0) break;
    for (const key of batch) {
      let again: string | null;
      try {
        again = box.reseal(key.privateKeySealed, key.kid);
      } catch {
        unreadable.push(key.kid);
        continue;
      }
      if (again === null) {
        alreadyCurrent += 1;
        continue;
      }
      const written = await repository.update({ kid: key.kid, privateKeySealed: key.privateKeySealed }, { privateKeySealed: again });
      if ((written.affected ?? 0) > 0) resealed += 1;
      else alreadyCurrent += 1; // another run resealed it meanwhile
    }
    after = batch.at(-1)!.kid;
  }
  await runInTransaction(dataSource, (manager) =>
    recordAuditEvent(manager, {
      schoolId: null,
      actorId: null,
      action: 'secrets.resealed',
      subjectKind: 'ltiToolKey',
      subjectId: null,
      detail: { resealed, alreadyCurrent, unreadable },
      at: now,
    }),
  );
  return { resealed, alreadyCurrent, unreadable };
}
