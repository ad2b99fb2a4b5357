import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { runInTransaction } from '../../db/transaction.js';
import { IdentityPendingRequest, type PendingRequestProtocol } from '../../model/identity-pending-request.js';

/** How long a person may take at the identity provider before the sign-in must start again. */
export const PENDING_REQUEST_MINUTES = 15;

/** A random identifier for a request (SAML IDs must not start with a digit). */
export function newRequestId(): string {
  return `_${randomBytes(24).toString('hex')}`;
}

/** What a sign-in in progress carries. */
interface PendingRequestValues {
  readonly id: string;
  readonly connectorId: string;
  readonly protocol: PendingRequestProtocol;
  /** SHA-256 of the secret binding the request to the browser that started it (null: bound to nothing). */
  readonly browserBindingHash: string | null;
  readonly nonce?: string;
  readonly codeVerifier?: string;
  readonly returnPath: string;
}

/** Records a sign-in in progress, to be found again when the identity provider answers. */
export async function savePendingRequest(dataSource: DataSource, values: PendingRequestValues, now: Date): Promise<void> {
  await dataSource.getRepository(IdentityPendingRequest).insert({
    id: values.id,
    connectorId: values.connectorId,
    protocol: values.protocol,
    browserBindingHash: values.browserBindingHash,
    nonce: values.nonce ?? null,
    codeVerifier: values.codeVerifier ?? null,
    pendingResponse: null,
    returnPath: values.returnPath,
    createdAt: now,
    expiresAt: new Date(now.getTime() + PENDING_REQUEST_MINUTES * 60_000),
  });
}

/** A sign-in in progress, if it exists for this connector and protocol and has not expired. Does not consume it. */
export async function findPendingRequest(
  dataSource: DataSource,
  id: string,
  connectorId: string,
  protocol: PendingRequestProtocol,
  now: Date,
): Promise<IdentityPendingRequest | null> {
  if (id.length > 64) return null;
  const request = await dataSource.getRepository(IdentityPendingRequest).findOneBy({ id, connectorId, protocol });
  return request && request.expiresAt.getTime() > now.getTime() ? request : null;
}

/**
 * The sign-in in progress that an identity provider's callback names in its query (`param`:
 * CAS's `r`, OIDC's `state`), provided this browser started it (its session's token hash is the
 * request's binding); else null: an answer delivered to another browser, or to one whose session
 * changed since, must not sign that browser in.
 */
export async function findRequestOfThisBrowser(
  dataSource: DataSource,
  req: Request,
  param: string,
  connectorId: string,
  protocol: PendingRequestProtocol,
  now: Date,
): Promise<IdentityPendingRequest | null> {
  const named = req.query[param];
  const pending = await findPendingRequest(dataSource, typeof named === 'string' ? named : '', connectorId, protocol, now);
  const bound = pending !== null && pending.browserBindingHash !== null && pending.browserBindingHash === req.ecarnetSession?.tokenHash;
  return bound ? pending : null;
}

/**
 * Uses a sign-in in progress: deletes it and says whether this call did (only one of two
 * concurrent answers to the same request can).
 */
export async function consumePendingRequest(dataSource: DataSource, id: string): Promise<boolean> {
  return runInTransaction(dataSource, async (manager) => {
    const result = await manager.delete(IdentityPendingRequest, { id });
    return (result.affected ?? 0) === 1;
  });
}
