import { constants, createCipheriv, publicEncrypt, randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { TestKeyPair } from './test-certificate.js';

/*
 * Builds SAML responses the way a real IdP does: assertion signed, then response signed, then
 * (optionally) the assertion encrypted for the SP. Every part can be changed by a test, to build
 * the response that breaks one rule at a time.
 */

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const id = () => `_${randomBytes(16).toString('hex')}`;
const iso = (ms: number) => new Date(ms).toISOString();

/** One attribute: its Name (OID URN or name), an optional FriendlyName, its values. */
export interface SamlAttribute {
  readonly name: string;
  readonly friendlyName?: string;
  readonly values: readonly string[];
}

/** Everything a response states; the defaults make a valid response for `sp`. */
export interface ResponseOptions {
  readonly issuer: string;
  readonly nameId: string;
  readonly attributes: readonly SamlAttribute[];
  readonly inResponseTo?: string;
  readonly audience: string;
  /** Several AudienceRestriction elements, each with its audiences (instead of one restriction to `audience`). */
  readonly audienceRestrictions?: readonly (readonly string[])[];
  readonly recipient: string;
  readonly destination?: string;
  /** The instant the IdP believes it is. */
  readonly now: Date;
  readonly lifetimeSeconds?: number;
  readonly notBefore?: Date;
  readonly sessionIndex?: string;
  readonly assertionId?: string;
  readonly signAssertionWith?: TestKeyPair | null;
  readonly signResponseWith?: TestKeyPair | null;
  /** SP certificate to encrypt the assertion for. */
  readonly encryptFor?: string;
  /** A non-success status (e.g. the person cancelled). */
  readonly status?: string;
  /** Leave NotOnOrAfter out of the bearer SubjectConfirmationData. */
  readonly omitConfirmationNotOnOrAfter?: boolean;
  /** Leave the AuthnStatement out. */
  readonly omitAuthnStatement?: boolean;
}

function attributeXml(attribute: SamlAttribute): string {
  const friendly = attribute.friendlyName ? ` FriendlyName="${escape(attribute.friendlyName)}"` : '';
  const format = attribute.name.startsWith('urn:') ? 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri' : 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
  const values = attribute.values.map((value) => `<saml:AttributeValue xsi:type="xs:string">${escape(value)}</saml:AttributeValue>`).join('');
  return `<saml:Attribute Name="${escape(attribute.name)}" NameFormat="${format}"${friendly}>${values}</saml:Attribute>`;
}

/** The assertion XML, unsigned. */
export function assertionXml(options: ResponseOptions): { xml: string; id: string } {
  const assertionId = options.assertionId ?? id();
  const now = options.now.getTime();
  const notOnOrAfter = iso(now + (options.lifetimeSeconds ?? 300) * 1000);
  const notBefore = iso(options.notBefore?.getTime() ?? now - 5_000);
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escape(options.inResponseTo)}"` : '';
  const restrictions = (options.audienceRestrictions ?? [[options.audience]])
    .map((audiences) => `<saml:AudienceRestriction>${audiences.map((audience) => `<saml:Audience>${escape(audience)}</saml:Audience>`).join('')}</saml:AudienceRestriction>`)
    .join('');
  const xml =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${escape(options.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${escape(options.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} Recipient="${escape(options.recipient)}"${options.omitConfirmationNotOnOrAfter ? '' : ` NotOnOrAfter="${notOnOrAfter}"`}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}">${restrictions}</saml:Conditions>` +
    (options.omitAuthnStatement
      ? ''
      : `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${escape(options.sessionIndex ?? id())}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`) +
    `<saml:AttributeStatement>${options.attributes.map(attributeXml).join('')}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  return { xml, id: assertionId };
}

/** Signs the element `xpath` of `xml` (enveloped signature placed after its Issuer), RSA-SHA256. */
export function signElement(xml: string, xpath: string, keys: TestKeyPair): string {
  const signature = new SignedXml({
    privateKey: keys.privateKey,
    publicCert: keys.certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signature.addReference({
    xpath,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signature.computeSignature(xml, { location: { reference: `${xpath}/*[local-name(.)='Issuer']`, action: 'after' } });
  return signature.getSignedXml();
}

/** Encrypts an assertion for the SP: AES-256-GCM content, RSA-OAEP key transport (XML Encryption 1.1). */
export function encryptAssertion(assertion: string, spCertificate: string): string {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const content = Buffer.concat([iv, cipher.update(assertion, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrappedKey = publicEncrypt({ key: spCertificate, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, key);
  return (
    `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">` +
    `<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">` +
    `<xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/>` +
    `<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>` +
    `<xenc:CipherData><xenc:CipherValue>${wrappedKey.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>` +
    `<xenc:CipherData><xenc:CipherValue>${content.toString('base64')}</xenc:CipherValue></xenc:CipherData>` +
    `</xenc:EncryptedData></saml:EncryptedAssertion>`
  );
}

/** A complete Response XML (not base64), signed and encrypted as the options say. */
export function responseXml(options: ResponseOptions): { xml: string; assertionId: string } {
  const assertion = assertionXml(options);
  let body = assertion.xml;
  if (options.signAssertionWith) body = signElement(body, "/*[local-name(.)='Assertion']", options.signAssertionWith);
  if (options.encryptFor) body = encryptAssertion(body, options.encryptFor);
  const status = options.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success';
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escape(options.inResponseTo)}"` : '';
  const destination = options.destination ? ` Destination="${escape(options.destination)}"` : '';
  let xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${iso(options.now.getTime())}"${destination}${inResponseTo}>` +
    `<saml:Issuer>${escape(options.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${status}"/></samlp:Status>` +
    (status.endsWith(':Success') ? body : '') +
    `</samlp:Response>`;
  if (options.signResponseWith) xml = signElement(xml, "/*[local-name(.)='Response']", options.signResponseWith);
  return { xml, assertionId: assertion.id };
}

/** What the browser posts to the ACS. */
export function encodeResponse(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}
