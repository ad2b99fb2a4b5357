import { expect } from 'chai';
import { importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import pino from 'pino';
import request from 'supertest';
import { SealedBox } from '../../src/lti/keys/sealed-box.js';
import { ToolKeys } from '../../src/lti/keys/tool-keys.js';
import { LtiToolKey } from '../../src/model/lti-tool-key.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { startTool, LTI_TEST_SECRET } from './support/tool.js';

/*
 * e-carnet's own keys: generated when first needed, the private half sealed at rest, published
 * in /lti/jwks with a kid, and rotated with overlap.
 */
describe('LTI tool keys and /lti/jwks', function () {
  this.timeout(30_000);
  const silent = pino({ level: 'silent' });

  beforeEach(async () => {
    // Key rotation is global to the instance: each test starts from no key at all.
    await testDataSource().getRepository(LtiToolKey).clear();
  });

  async function signedAndVerified(keys: ToolKeys, published: JWK[]): Promise<string> {
    const { kid, privateKey } = await keys.signingKey();
    const jwt = await new SignJWT({ hello: 'platform' }).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    const jwk = published.find((key) => key.kid === kid);
    expect(jwk, `kid ${kid} is published`).not.to.equal(undefined);
    await jwtVerify(jwt, await importJWK(jwk!, 'RS256'));
    return kid;
  }

  it('publishes a first key on demand: RS256, a kid, the public half only, cacheable', async () => {
    const tool = await startTool();
    try {
      const response = await request(tool.url).get('/lti/jwks');
      expect(response.status).to.equal(200);
      expect(response.headers['cache-control']).to.equal('public, max-age=300');
      const [key, ...others] = response.body.keys as JWK[];
      expect(others).to.deep.equal([]);
      expect(key).to.include({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key!.kid).to.be.a('string').with.length.greaterThan(20);
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.to.have.property(secret);
      expect((await request(tool.url).get('/lti/jwks')).body.keys).to.deep.equal([key]);
    } finally {
      await tool.close();
    }
  });

  it('stores the private key sealed, never in clear, and only the right secret opens it', async () => {
    const clock = new TestClock();
    const keys = new ToolKeys(testDataSource(), LTI_TEST_SECRET, clock, silent);
    await keys.signingKey();
    const [row] = await testDataSource().getRepository(LtiToolKey).find();
    expect(row!.privateKeySealed).to.match(/^v1\./).and.not.to.include('PRIVATE KEY');
    const box = new SealedBox(LTI_TEST_SECRET, 'lti-tool-key/v1');
    expect(box.open(row!.privateKeySealed, row!.kid)).to.include('BEGIN PRIVATE KEY');
    expect(() => box.open(row!.privateKeySealed, 'another-kid'), 'bound to its row').to.throw();
    expect(() => new SealedBox('another-master-secret-0123456789-abcdef', 'lti-tool-key/v1').open(row!.privateKeySealed, row!.kid)).to.throw();
    // One character of the ciphertext changed (not the last one, whose low bits may be padding).
    const [format, iv, tag, sealed] = row!.privateKeySealed.split('.') as [string, string, string, string];
    const flipped = `${sealed.slice(0, 10)}${sealed[10] === 'A' ? 'B' : 'A'}${sealed.slice(11)}`;
    const tampered = [format, iv, tag, flipped].join('.');
    expect(() => box.open(tampered, row!.kid)).to.throw();
  });

  it('a changed master secret cannot sign with the old key: a new one is made, the old stays published', async () => {
    const clock = new TestClock();
    const before = await new ToolKeys(testDataSource(), LTI_TEST_SECRET, clock, silent).signingKey();
    const rekeyed = new ToolKeys(testDataSource(), 'a-different-master-secret-0123456789-xyz', clock, silent);
    const after = await rekeyed.signingKey();
    expect(after.kid).not.to.equal(before.kid);
    expect((await rekeyed.publishedKeys()).map((key) => key.kid)).to.have.members([before.kid, after.kid]);
    const unreadable = await testDataSource().getRepository(LtiToolKey).findOneByOrFail({ kid: before.kid });
    expect(unreadable.retiresAt?.getTime(), 'the unreadable key retires after the overlap, not never').to.equal(clock.now().getTime() + 24 * 3_600_000);
    clock.advanceMinutes(24 * 60 + 1);
    expect((await rekeyed.publishedKeys()).map((key) => key.kid)).to.deep.equal([after.kid]);
  });

  it('rotates with overlap: the new key is published first, signs an hour later, the old one retires a day after', async () => {
    const clock = new TestClock();
    const keys = new ToolKeys(testDataSource(), LTI_TEST_SECRET, clock, silent);
    const first = await signedAndVerified(keys, await keys.publishedKeys());
    const second = await keys.rotate();

    expect((await keys.publishedKeys()).map((key) => key.kid)).to.deep.equal([first, second]);
    expect(await signedAndVerified(keys, await keys.publishedKeys()), 'platforms may not know the new key yet').to.equal(first);

    clock.advanceMinutes(61);
    expect(await signedAndVerified(keys, await keys.publishedKeys())).to.equal(second);
    expect((await keys.publishedKeys()).map((key) => key.kid), 'tokens signed just before still verify').to.include(first);

    clock.advanceMinutes(24 * 60);
    expect((await keys.publishedKeys()).map((key) => key.kid)).to.deep.equal([second]);
  });

  it('rotates by itself when the signing key is ninety days old', async () => {
    const clock = new TestClock();
    const keys = new ToolKeys(testDataSource(), LTI_TEST_SECRET, clock, silent);
    const first = (await keys.signingKey()).kid;
    clock.advanceMinutes(91 * 24 * 60);
    expect((await keys.signingKey()).kid, 'still the old key while the new one is announced').to.equal(first);
    expect(await keys.publishedKeys()).to.have.length(2);
    clock.advanceMinutes(61);
    expect((await keys.signingKey()).kid).not.to.equal(first);
  });
});
