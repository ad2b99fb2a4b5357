import { XMLParser } from 'fast-xml-parser';

/** Elements that may repeat, always read as lists so that a second one is never silently ignored. */
const REPEATABLE = new Set([
  'Assertion',
  'EncryptedAssertion',
  'AttributeStatement',
  'Attribute',
  'AttributeValue',
  'AudienceRestriction',
  'Audience',
  'SubjectConfirmation',
  'AuthnStatement',
  'Conditions',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Values stay text: an id such as "0123" must not become the number 123.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATABLE.has(name),
  // Standard entities only: documents with a DOCTYPE are refused before parsing (see saml-response.ts).
  processEntities: true,
  htmlEntities: false,
});

/** A parsed XML element: attributes as `@Name`, text as `#text`, children by local name. */
export type XmlNode = { readonly [key: string]: unknown };

/** Parses XML (SAML messages, CAS answers) into plain objects, namespace prefixes removed. */
export function parseXml(xml: string): XmlNode {
  return parser.parse(xml) as XmlNode;
}

/** A child element (the first when several). */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return { '#text': first };
  return first && typeof first === 'object' ? (first as XmlNode) : undefined;
}

/** All child elements of a name. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (typeof item === 'string' ? { '#text': item } : (item as XmlNode)));
}

/** An attribute of an element. */
export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The text of an element. */
export function textOf(node: XmlNode | undefined): string | undefined {
  const value = node?.['#text'];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
