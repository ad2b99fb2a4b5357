import type { DataSource } from 'typeorm';
import { AppError } from '../../http/errors.js';
import { newId } from '../../model/columns.js';
import { LtiHandoff } from '../../model/lti-handoff.js';
import { oneTime } from '../one-time.js';
import { randomSecret, sameSecret, sha256Hex } from '../secrets.js';

const HANDOFF_LIFETIME_MS = 2 * 60_000;

/** A checked launch continued elsewhere: who, signed in how, going where. */
interface Handoff {
  readonly personId: string;
  readonly signInMethod: string;
  readonly targetPath: string;
}

/**
 * The two halves of a handoff's one-time code. `code` goes in the new window's URL; `secret` stays
 * in the frame that opened it and reaches the window only by postMessage from its opener (origin
 * checked). A link forwarded to, or forced on, another browser carries `code` alone and opens
 * nothing: the handoff cannot be used to sign a victim into someone else's account (login CSRF).
 */
interface HandoffCodes {
  readonly code: string;
  readonly secret: string;
}

/**
 * Records a checked launch the iframe cannot keep (its cookies are blocked), to be continued in a
 * new, first-party window within two minutes.
 */
export async function createHandoff(dataSource: DataSource, handoff: Handoff, now: Date): Promise<HandoffCodes> {
  const codes = { code: randomSecret(), secret: randomSecret() };
  await dataSource.getRepository(LtiHandoff).insert({
    id: newId(),
    codeHash: sha256Hex(codes.code),
    secretHash: sha256Hex(codes.secret),
    ...handoff,
    createdAt: now,
    expiresAt: new Date(now.getTime() + HANDOFF_LIFETIME_MS),
    usedAt: null,
  });
  return codes;
}

/** The usable handoff a URL's code names (the window's page checks it before asking its opener); LTI_HANDOFF_INVALID otherwise. */
export async function findHandoff(dataSource: DataSource, code: string, now: Date): Promise<LtiHandoff> {
  const handoff = code === '' ? undefined : await oneTime.find(dataSource, LtiHandoff, 'codeHash', code);
  if (!handoff || !oneTime.isUsable(handoff, now)) throw new AppError('LTI_HANDOFF_INVALID');
  return handoff;
}

/** The handoff both halves name, not spent yet; LTI_HANDOFF_INVALID when either half is wrong, or it is used or expired. */
export async function checkHandoff(dataSource: DataSource, codes: HandoffCodes, now: Date): Promise<LtiHandoff> {
  const handoff = await findHandoff(dataSource, codes.code, now);
  if (codes.secret === '' || !sameSecret(sha256Hex(codes.secret), handoff.secretHash)) throw new AppError('LTI_HANDOFF_INVALID');
  return handoff;
}

/** Spends a checked handoff once. */
export async function spendHandoff(dataSource: DataSource, handoff: LtiHandoff, now: Date): Promise<Handoff> {
  if (!(await oneTime.spend(dataSource, LtiHandoff, handoff, now))) throw new AppError('LTI_HANDOFF_INVALID');
  return { personId: handoff.personId, signInMethod: handoff.signInMethod, targetPath: handoff.targetPath };
}
