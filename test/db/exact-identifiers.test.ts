import { expect } from 'chai';
import { newId } from '../../src/model/columns.js';
import { ExternalIdentity } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('identifiers from identity providers', () => {
  it('are told apart by case and accents on every engine (two accounts never meet in one)', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const [first, second] = [await school.person(), await school.person()];
    const at = new Date('2026-11-20T09:00:00Z');
    const identities = testDataSource().getRepository(ExternalIdentity);
    const issuer = `https://idp.example.test/${newId()}`;
    await identities.insert({ id: newId(), personId: first.id, issuer, subject: 'AbCd==', connectorId: null, createdAt: at, lastSeenAt: null });
    await identities.insert({ id: newId(), personId: second.id, issuer, subject: 'abcd==', connectorId: null, createdAt: at, lastSeenAt: null });
    expect((await identities.findOneByOrFail({ issuer, subject: 'abcd==' })).personId).to.equal(second.id);
    expect(await identities.findOneBy({ issuer, subject: 'ÀbCd==' })).to.equal(null);
    expect(await identities.findOneBy({ issuer, subject: 'abcd== ' }), 'a trailing space is another identifier').to.equal(null);
  });
});
