import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { signElement } from '../support/saml-response-builder.js';
import type { TestKeyPair } from '../support/test-certificate.js';

/*
 * XML signature wrapping (XSW) and related attacks on a genuinely signed response, named after the
 * attack as in node-saml's own fixtures. Each takes the IdP's signed response XML, where the
 * attacker holds a valid assertion for their own account, and tries to make the SP read another
 * person (`victimId`) while the signature still verifies over the original.
 */

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml');
const serialise = (doc: Document): string => new XMLSerializer().serializeToString(doc);

function directChildren(parent: Element, namespace: string, name: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).namespaceURI === namespace && (node as Element).localName === name) found.push(node as Element);
  }
  return found;
}

function signedAssertionOf(doc: Document): Element {
  const assertion = directChildren(doc.documentElement!, SAML, 'Assertion')[0];
  if (!assertion) throw new Error('the response has no plain assertion (attacks need an unencrypted one)');
  return assertion;
}

/** A copy of the assertion naming the victim, without signature, under a new ID (or the same). */
function evilCopy(assertion: Element, victimId: string, sameId = false): Element {
  const evil = assertion.cloneNode(true) as Element;
  for (const signature of directChildren(evil, DS, 'Signature')) evil.removeChild(signature);
  if (!sameId) evil.setAttribute('ID', '_evil0000000000000000000000000000');
  const values = evil.getElementsByTagNameNS(SAML, 'AttributeValue');
  for (let index = 0; index < values.length; index += 1) {
    const attribute = values.item(index)!.parentNode as Element;
    if (attribute.getAttribute('FriendlyName') === 'FrEduCtId') values.item(index)!.textContent = victimId;
  }
  return evil;
}

/** The attacks, by fixture name. */
export const XSW_ATTACKS: Readonly<Record<string, (signedXml: string, victimId: string) => string>> = {
  /** XSW3: an unsigned evil assertion placed before the signed one. */
  'response.evil-assertion-before-signed-assertion': (xml, victim) => {
    const doc = parse(xml);
    const signed = signedAssertionOf(doc);
    doc.documentElement!.insertBefore(evilCopy(signed, victim), signed);
    return serialise(doc);
  },
  /** XSW3 variant: the evil assertion after the signed one. */
  'response.evil-assertion-after-signed-assertion': (xml, victim) => {
    const doc = parse(xml);
    doc.documentElement!.appendChild(evilCopy(signedAssertionOf(doc), victim));
    return serialise(doc);
  },
  /** XSW4: the evil assertion takes the signed one's place and wraps it. */
  'response.evil-assertion-wrapping-signed-assertion': (xml, victim) => {
    const doc = parse(xml);
    const signed = signedAssertionOf(doc);
    const evil = evilCopy(signed, victim);
    doc.documentElement!.replaceChild(evil, signed);
    evil.appendChild(signed);
    return serialise(doc);
  },
  /** XSW7: the signed assertion hidden in Extensions, the evil one in its place. */
  'response.signed-assertion-in-extensions-evil-in-place': (xml, victim) => {
    const doc = parse(xml);
    const signed = signedAssertionOf(doc);
    const evil = evilCopy(signed, victim);
    const extensions = doc.createElementNS(SAMLP, 'samlp:Extensions');
    doc.documentElement!.replaceChild(evil, signed);
    extensions.appendChild(signed);
    doc.documentElement!.insertBefore(extensions, doc.documentElement!.firstChild!.nextSibling);
    return serialise(doc);
  },
  /** XSW8: the evil assertion carries the signature, the signed original inside its ds:Object. */
  'response.evil-assertion-carrying-signed-original-in-signature-object': (xml, victim) => {
    const doc = parse(xml);
    const signed = signedAssertionOf(doc);
    const evil = evilCopy(signed, victim);
    const signature = directChildren(signed, DS, 'Signature')[0]!.cloneNode(true) as Element;
    const object = doc.createElementNS(DS, 'ds:Object');
    const original = signed.cloneNode(true) as Element;
    for (const inner of directChildren(original, DS, 'Signature')) original.removeChild(inner);
    object.appendChild(original);
    signature.appendChild(object);
    evil.insertBefore(signature, evil.firstChild!.nextSibling);
    doc.documentElement!.replaceChild(evil, signed);
    return serialise(doc);
  },
};

/** XSW1: a new unsigned response naming the victim, the signed original tucked into its signature's Object. */
export function wrapSignedResponseInEvilResponse(xml: string, victim: string): string {
  const doc = parse(xml);
  const original = doc.documentElement!.cloneNode(true) as Element;
  const root = doc.documentElement!;
  root.setAttribute('ID', '_evilresponse000000000000000000000');
  const signature = directChildren(root, DS, 'Signature')[0]!;
  const signed = signedAssertionOf(doc);
  root.replaceChild(evilCopy(signed, victim), signed);
  const object = doc.createElementNS(DS, 'ds:Object');
  object.appendChild(original);
  signature.appendChild(object);
  return serialise(doc);
}

/** An attacker builds a response for the victim and signs it with their own key (root signed, assertion not). */
export function rootResignedByAttackerAssertionUnsigned(xml: string, victim: string, attacker: TestKeyPair): string {
  const doc = parse(xml);
  for (const signature of directChildren(doc.documentElement!, DS, 'Signature')) doc.documentElement!.removeChild(signature);
  const signed = signedAssertionOf(doc);
  doc.documentElement!.replaceChild(evilCopy(signed, victim, true), signed);
  return signElement(serialise(doc), "/*[local-name(.)='Response']", attacker);
}

/**
 * Comment injection (2018): a comment splits a signed value; canonicalisation ignores comments, so
 * the signature still holds, and a reader that stops at the comment sees a shorter, other value.
 */
export function injectCommentIntoValue(xml: string, value: string, at: number): string {
  return xml.replace(`>${value}<`, `>${value.slice(0, at)}<!---->${value.slice(at)}<`);
}
