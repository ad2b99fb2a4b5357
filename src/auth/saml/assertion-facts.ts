import type { SamlAssertionFacts } from '../../connectors/contract.js';
import { attribute, child, children, parseXml, textOf, type XmlNode } from '../xml/read-xml.js';

/** Everything e-carnet checks in an assertion whose signature node-saml verified. */
export interface VerifiedAssertion {
  readonly id: string | undefined;
  readonly issuer: string | undefined;
  readonly conditions: { readonly notBefore?: string; readonly notOnOrAfter?: string } | undefined;
  /** The audiences of each AudienceRestriction: every restriction must name e-carnet (SAML core §2.5.1.4). */
  readonly audienceRestrictions: readonly (readonly string[])[];
  /** Bearer subject confirmations (the Web Browser SSO profile's). */
  readonly confirmations: readonly { readonly recipient?: string; readonly inResponseTo?: string; readonly notBefore?: string; readonly notOnOrAfter?: string }[];
  /** Whether the assertion carries an AuthnStatement (the Web Browser SSO profile requires one). */
  readonly authenticated: boolean;
  readonly sessionIndex: string | undefined;
  readonly nameId: string | undefined;
  readonly nameIdFormat: string | null;
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** An object without its undefined values (optional properties stay absent rather than undefined). */
function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}

function texts(nodes: readonly XmlNode[]): string[] {
  return nodes.map(textOf).filter((value): value is string => value !== undefined);
}

/** Reads the assertion XML node-saml returned as verified (never the unverified document). */
export function readVerifiedAssertion(xml: string): VerifiedAssertion {
  const assertion = child(parseXml(xml), 'Assertion');
  const subject = child(assertion, 'Subject');
  const nameIdNode = child(subject, 'NameID');
  const conditionsNode = child(assertion, 'Conditions');
  const audienceRestrictions = children(conditionsNode, 'AudienceRestriction').map((restriction) => texts(children(restriction, 'Audience')));
  const confirmations = children(subject, 'SubjectConfirmation')
    .filter((confirmation) => attribute(confirmation, 'Method') === BEARER)
    .map((confirmation) => {
      const data = child(confirmation, 'SubjectConfirmationData');
      return definedOnly({
        recipient: attribute(data, 'Recipient'),
        inResponseTo: attribute(data, 'InResponseTo'),
        notBefore: attribute(data, 'NotBefore'),
        notOnOrAfter: attribute(data, 'NotOnOrAfter'),
      });
    });

  const attributes = new Map<string, string[]>();
  for (const statement of children(assertion, 'AttributeStatement')) {
    for (const node of children(statement, 'Attribute')) {
      const values = texts(children(node, 'AttributeValue'));
      for (const key of [attribute(node, 'Name'), attribute(node, 'FriendlyName')]) {
        if (key) attributes.set(key, [...(attributes.get(key) ?? []), ...values]);
      }
    }
  }

  const authnStatement = child(assertion, 'AuthnStatement');
  return {
    id: attribute(assertion, 'ID'),
    issuer: textOf(child(assertion, 'Issuer')),
    conditions: conditionsNode ? definedOnly({ notBefore: attribute(conditionsNode, 'NotBefore'), notOnOrAfter: attribute(conditionsNode, 'NotOnOrAfter') }) : undefined,
    audienceRestrictions,
    confirmations,
    authenticated: authnStatement !== undefined,
    sessionIndex: attribute(authnStatement, 'SessionIndex'),
    nameId: textOf(nameIdNode),
    nameIdFormat: attribute(nameIdNode, 'Format') ?? null,
    attributes,
  };
}

/** The root Response's own attributes (trusted only as far as its signature goes). */
export function readResponseEnvelope(xml: string): { destination?: string; inResponseTo?: string; issuer?: string } {
  const response = child(parseXml(xml), 'Response');
  return definedOnly({ destination: attribute(response, 'Destination'), inResponseTo: attribute(response, 'InResponseTo'), issuer: textOf(child(response, 'Issuer')) });
}

/** What the connector maps: the verified facts. */
export function assertionFacts(assertion: VerifiedAssertion, issuer: string): SamlAssertionFacts {
  return { issuer, nameId: assertion.nameId ?? '', nameIdFormat: assertion.nameIdFormat, attributes: assertion.attributes };
}
