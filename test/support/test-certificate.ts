import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';

/*
 * Keys and self-signed X.509 certificates made at test time, in plain Node (no openssl binary),
 * for the SAML IdP and SP of the tests. A minimal DER encoder is enough for a v1-shaped cert.
 */

function length(bytes: number): Buffer {
  if (bytes < 0x80) return Buffer.from([bytes]);
  const octets: number[] = [];
  for (let rest = bytes; rest > 0; rest >>= 8) octets.unshift(rest & 0xff);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

const der = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...content: Buffer[]) => der(0x30, ...content);
const set = (...content: Buffer[]) => der(0x31, ...content);
/**
 * A DER INTEGER of unsigned bytes, minimal as DER requires: leading zero bytes dropped (while the
 * next byte keeps the number positive), one added when the top bit would make it negative.
 * OpenSSL refuses a non-minimal encoding ("illegal padding").
 */
export function derInteger(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0 && value[start + 1]! < 0x80) start += 1;
  const bytes = value.subarray(start);
  return der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const bitString = (content: Buffer) => der(0x03, Buffer.from([0]), content);
const nullValue = () => Buffer.from([0x05, 0x00]);

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const value of rest) {
    const chunk: number[] = [];
    let remaining = value;
    do {
      chunk.unshift(remaining & 0x7f);
      remaining >>= 7;
    } while (remaining > 0);
    bytes.push(...chunk.map((byte, index) => (index < chunk.length - 1 ? byte | 0x80 : byte)));
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return der(0x17, Buffer.from(text, 'ascii'));
}

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), nullValue());

/** An RSA key pair and its self-signed certificate, all PEM. */
export interface TestKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
  readonly certificate: string;
}

/**
 * A fresh 2048-bit RSA key and a self-signed certificate naming `commonName`, valid for a year
 * around now, with a random serial unless one is given (a positive serial, minimally encoded).
 */
export function makeTestKeyPair(commonName: string, serial: Buffer = randomBytes(8)): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(commonName))));
  const now = Date.now();
  const tbs = sequence(
    derInteger(serial),
    SHA256_WITH_RSA,
    name,
    sequence(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 365 * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const certificate = sequence(tbs, SHA256_WITH_RSA, bitString(sign('sha256', tbs, privateKey)));
  const pem = `-----BEGIN CERTIFICATE-----\n${certificate.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  new X509Certificate(pem); // fails loudly if the encoding is wrong
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    certificate: pem,
  };
}
