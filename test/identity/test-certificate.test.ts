import { expect } from 'chai';
import { X509Certificate } from 'node:crypto';
import { derInteger, makeTestKeyPair } from '../support/test-certificate.js';

/*
 * The SAML fixtures make several certificates per run; a serial whose first random byte was 0
 * used to be encoded with a superfluous leading zero, which OpenSSL refuses (about 1 in 512).
 */
describe('test certificates', () => {
  it('encodes integers minimally, as DER requires', () => {
    expect(derInteger(Buffer.from('0010aa', 'hex'))).to.deep.equal(Buffer.from('020210aa', 'hex'));
    expect(derInteger(Buffer.from('000010aa', 'hex'))).to.deep.equal(Buffer.from('020210aa', 'hex'));
    expect(derInteger(Buffer.from('80', 'hex'))).to.deep.equal(Buffer.from('02020080', 'hex'));
    expect(derInteger(Buffer.from('0080', 'hex'))).to.deep.equal(Buffer.from('02020080', 'hex'));
  });

  it('makes a certificate OpenSSL reads whatever the serial’s first byte', () => {
    for (const serial of ['0010aabbccddeeff', '00000000000000ff', 'ff10aabbccddeeff']) {
      const keys = makeTestKeyPair(`serial ${serial}`, Buffer.from(serial, 'hex'));
      expect(() => new X509Certificate(keys.certificate)).not.to.throw();
    }
  });
});
