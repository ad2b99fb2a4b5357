import type { CasConnector, CasValidationFacts } from '../../connectors/contract.js';
import { AppError } from '../../http/errors.js';
import { child, parseXml, textOf, type XmlNode } from '../xml/read-xml.js';

/** Values of the `cas:attributes` element (each attribute may repeat). */
function attributesOf(node: XmlNode | undefined): Map<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const [name, value] of Object.entries(node ?? {})) {
    if (name.startsWith('@') || name === '#text') continue;
    const values = (Array.isArray(value) ? value : [value])
      .map((item: unknown) => (typeof item === 'string' ? item : textOf(item as XmlNode)))
      .filter((item): item is string => item !== undefined && item !== '');
    attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
  }
  return attributes;
}

/**
 * Validates a service ticket at the CAS server (`/p3/serviceValidate`, CAS 3.0): the server says
 * whether the ticket is genuine, unused and issued for exactly this service URL, and returns the
 * user with their attributes.
 *
 * @see https://apereo.github.io/cas/7.0.x/protocol/CAS-Protocol-Specification.html §2.5 and §2.6
 */
export async function validateServiceTicket(connector: CasConnector, service: string, ticket: string): Promise<CasValidationFacts> {
  const url = new URL(`${connector.serverUrl}/p3/serviceValidate`);
  url.searchParams.set('service', service);
  url.searchParams.set('ticket', ticket);
  let body: string;
  try {
    const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`CAS answered ${response.status}`);
    body = await response.text();
  } catch (error) {
    throw new AppError('AUTH_PROVIDER_UNAVAILABLE', { cause: error });
  }
  if (/<!DOCTYPE/i.test(body)) throw new AppError('AUTH_PROVIDER_UNAVAILABLE');
  const answer = child(parseXml(body), 'serviceResponse');
  const failure = child(answer, 'authenticationFailure');
  if (failure) throw new AppError(failure['@code'] === 'INVALID_SERVICE' ? 'CAS_SERVICE_MISMATCH' : 'CAS_TICKET_INVALID');
  const success = child(answer, 'authenticationSuccess');
  const user = textOf(child(success, 'user'))?.trim();
  if (!success || !user) throw new AppError('CAS_TICKET_INVALID');
  return { serverUrl: connector.serverUrl, user, attributes: attributesOf(child(success, 'attributes')) };
}
