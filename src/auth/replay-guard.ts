import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../db/unique-violation.js';
import { AppError, type ErrorCode } from '../http/errors.js';
import { newId } from '../model/columns.js';
import { IdentityReplayGuard } from '../model/identity-replay-guard.js';

/** Room the guard's columns give an issuer and a message id; longer ones are compared on that much. */
const KEY_LENGTH = 191;

/** A message an identity provider sent once: a SAML assertion or logout request, a CAS ticket or logout. */
interface SeenMessage {
  readonly issuer: string;
  readonly messageId: string;
  /** What it was (`saml`, `saml-slo`, `cas`, `cas-slo`), for whoever reads the table. */
  readonly kind: string;
  readonly seenAt: Date;
  /** When the message could no longer be accepted anyway, so it need not be remembered. */
  readonly expiresAt: Date;
}

/** Whether the issuer's message was already accepted once. */
export function wasSeen(manager: EntityManager, issuer: string, messageId: string): Promise<boolean> {
  return manager.existsBy(IdentityReplayGuard, { issuer: issuer.slice(0, KEY_LENGTH), messageId: messageId.slice(0, KEY_LENGTH) });
}

/**
 * Remembers a message as accepted. The pair issuer + message id is unique, so if another request
 * accepted the same message first — on any instance — this fails with the database's unique
 * violation, or with AppError(`refusal`) when one is named.
 */
export async function rememberSeen(manager: EntityManager, message: SeenMessage, refusal?: ErrorCode): Promise<void> {
  try {
    await manager.insert(IdentityReplayGuard, {
      id: newId(),
      issuer: message.issuer.slice(0, KEY_LENGTH),
      messageId: message.messageId.slice(0, KEY_LENGTH),
      kind: message.kind,
      seenAt: message.seenAt,
      expiresAt: message.expiresAt,
    });
  } catch (error) {
    if (refusal && isUniqueViolation(error)) throw new AppError(refusal, { cause: error });
    throw error;
  }
}
