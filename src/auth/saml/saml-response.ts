import type { DataSource, EntityManager } from 'typeorm';
import type { SamlConnector } from '../../connectors/contract.js';
import type { LoadedConnector } from '../../connectors/registry.js';
import { runInTransaction } from '../../db/transaction.js';
import { AppError } from '../../http/errors.js';
import { IdentityPendingRequest } from '../../model/identity-pending-request.js';
import { readResponseEnvelope, readVerifiedAssertion, type VerifiedAssertion } from './assertion-facts.js';
import { samlClient, samlEndpoints } from './saml-client.js';
import { samlValidationError } from './saml-errors.js';
import { rememberSeen, wasSeen } from '../replay-guard.js';
import { sameSecret } from './browser-binding.js';

/** A response whose every stateless rule held; `claimSamlResponse` then checks its use. */
export interface CheckedSamlResponse {
  readonly assertion: VerifiedAssertion;
  /** The assertion's ID. */
  readonly assertionId: string;
  readonly issuer: string;
  /** The AuthnRequest it answers. */
  readonly inResponseTo: string;
  /** Until when the assertion could be valid: its replay record is kept that long. */
  readonly validUntil: Date;
  /** The response as posted (base64), kept if it must wait for its browser. */
  readonly encoded: string;
}

/** Decodes the posted `SAMLResponse`; a DTD is never accepted (entity expansion attacks). */
function decodeResponse(body: unknown): { encoded: string; xml: string } {
  const encoded = body && typeof body === 'object' && 'SAMLResponse' in body ? body.SAMLResponse : undefined;
  if (typeof encoded !== 'string' || encoded === '' || !/^[A-Za-z0-9+/=\s]+$/.test(encoded)) throw new AppError('SAML_RESPONSE_MALFORMED');
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  if (!xml.includes('Response') || /<!DOCTYPE/i.test(xml)) throw new AppError('SAML_RESPONSE_MALFORMED');
  return { encoded, xml };
}

function instant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new AppError('SAML_RESPONSE_MALFORMED');
  return time;
}

/** NotBefore / NotOnOrAfter against e-carnet's clock, with the connector's small tolerance. */
function checkWindow(window: { notBefore?: string; notOnOrAfter?: string }, now: number, skewMs: number): void {
  const notBefore = instant(window.notBefore);
  const notOnOrAfter = instant(window.notOnOrAfter);
  if (notBefore !== undefined && now + skewMs < notBefore) throw new AppError('SAML_ASSERTION_NOT_YET_VALID');
  if (notOnOrAfter !== undefined && now - skewMs >= notOnOrAfter) throw new AppError('SAML_ASSERTION_EXPIRED');
}

/**
 * Checks a posted SAML response, in this order: signatures and decryption (node-saml: a signed
 * response and a signed assertion, wrapping refused), destination, issuer, authentication
 * statement, validity window, audience, bearer confirmation (recipient, window, InResponseTo).
 * Reads nothing from the database and writes nothing; each failure throws its own code.
 */
export async function checkSamlResponse(
  loaded: LoadedConnector<SamlConnector>,
  baseUrl: string,
  body: unknown,
  now: Date,
): Promise<CheckedSamlResponse> {
  const { encoded, xml } = decodeResponse(body);
  let assertionXml: string;
  try {
    const { profile } = await samlClient(loaded, baseUrl).validatePostResponseAsync({ SAMLResponse: encoded });
    if (!profile?.getAssertionXml) throw new AppError('SAML_AUTHN_FAILED');
    assertionXml = profile.getAssertionXml();
  } catch (error) {
    throw samlValidationError(error);
  }

  const endpoints = samlEndpoints(baseUrl, loaded.id);
  const { idp, clockSkewSeconds } = loaded.connector;
  const envelope = readResponseEnvelope(xml);
  const assertion = readVerifiedAssertion(assertionXml);
  const nowMs = now.getTime();
  const skewMs = clockSkewSeconds * 1000;

  // A signed Response must say where it is going (Web SSO profile §4.1.4.5); any Destination must be this ACS.
  if (envelope.destination !== undefined ? envelope.destination !== endpoints.acsUrl : loaded.connector.requireSignedResponse) {
    throw new AppError('SAML_DESTINATION_MISMATCH');
  }
  if (assertion.issuer !== idp.entityId || (envelope.issuer !== undefined && envelope.issuer !== idp.entityId)) {
    throw new AppError('SAML_ISSUER_MISMATCH');
  }
  if (!assertion.id || !assertion.nameId || !assertion.authenticated) throw new AppError('SAML_RESPONSE_MALFORMED');
  checkWindow(assertion.conditions ?? {}, nowMs, skewMs);
  // Each AudienceRestriction must hold (they are AND-ed; the audiences within one are OR-ed).
  const restrictions = assertion.audienceRestrictions;
  if (restrictions.length === 0 || !restrictions.every((audiences) => audiences.includes(endpoints.entityId))) throw new AppError('SAML_AUDIENCE_MISMATCH');

  // The Web SSO profile: a bearer confirmation for this ACS, with an end to its window, answering our request.
  const confirmation = assertion.confirmations[0];
  if (!confirmation?.notOnOrAfter) throw new AppError('SAML_RESPONSE_MALFORMED');
  if (confirmation.recipient !== endpoints.acsUrl) throw new AppError('SAML_RECIPIENT_MISMATCH');
  checkWindow(confirmation, nowMs, skewMs);
  const inResponseTo = confirmation.inResponseTo;
  if (!inResponseTo || (envelope.inResponseTo !== undefined && envelope.inResponseTo !== inResponseTo)) {
    throw new AppError('SAML_IN_RESPONSE_TO_UNKNOWN');
  }

  // Kept as long as the assertion could be valid, so a replay is refused while it would matter.
  const validUntil = Math.max(instant(assertion.conditions?.notOnOrAfter) ?? 0, instant(confirmation.notOnOrAfter) ?? 0, nowMs) + skewMs;
  return { assertion, assertionId: assertion.id, issuer: idp.entityId, inResponseTo, validUntil: new Date(validUntil), encoded };
}

/**
 * Uses a checked response, in one transaction: the assertion must be new (replay) and answer an
 * AuthnRequest this deployment sent and has not seen answered (InResponseTo, kept in the
 * database), from the browser that sent it (`presentedBinding`: the hash of its binding cookie);
 * the request is used up and the assertion remembered. Returns where the person was heading. On
 * refusal, nothing is written.
 */
export async function claimSamlResponse(
  dataSource: DataSource,
  loaded: LoadedConnector<SamlConnector>,
  checked: CheckedSamlResponse,
  presentedBinding: string | undefined,
  now: Date,
): Promise<string> {
  return runInTransaction(dataSource, async (manager) => {
    const request = await usableRequest(manager, loaded, checked, now);
    if (!presentedBinding || !request.browserBindingHash || !sameSecret(presentedBinding, request.browserBindingHash)) {
      throw new AppError('SAML_REQUEST_NOT_THIS_BROWSER');
    }
    const deleted = await manager.delete(IdentityPendingRequest, { id: request.id });
    if ((deleted.affected ?? 0) !== 1) throw new AppError('SAML_IN_RESPONSE_TO_UNKNOWN');
    await rememberSeen(manager, { issuer: checked.issuer, messageId: checked.assertionId, kind: 'saml', seenAt: now, expiresAt: checked.validUntil });
    return request.returnPath;
  });
}

/**
 * Keeps a checked response with its request until the browser comes back same-site (plain-http
 * deployments: the binding cookie cannot be SameSite=None there, so it does not come with the
 * IdP's cross-site POST). Nothing is used up: `claimSamlResponse` still decides, with the cookie.
 */
export async function holdSamlResponse(
  dataSource: DataSource,
  loaded: LoadedConnector<SamlConnector>,
  checked: CheckedSamlResponse,
  now: Date,
): Promise<void> {
  await runInTransaction(dataSource, async (manager) => {
    const request = await usableRequest(manager, loaded, checked, now);
    await manager.update(IdentityPendingRequest, { id: request.id }, { pendingResponse: checked.encoded });
  });
}

/** The request a checked response answers, if its assertion is new and the request still pending. */
async function usableRequest(manager: EntityManager, loaded: LoadedConnector<SamlConnector>, checked: CheckedSamlResponse, now: Date): Promise<IdentityPendingRequest> {
  if (await wasSeen(manager, checked.issuer, checked.assertionId)) throw new AppError('SAML_ASSERTION_REPLAYED');
  const request = await manager.findOneBy(IdentityPendingRequest, { id: checked.inResponseTo.slice(0, 64), connectorId: loaded.id, protocol: 'saml' });
  if (!request || request.expiresAt.getTime() <= now.getTime()) throw new AppError('SAML_IN_RESPONSE_TO_UNKNOWN');
  return request;
}
