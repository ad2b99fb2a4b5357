import { expect } from 'chai';
import type supertest from 'supertest';
import { childSharingResponse, classSharingResponse, createdLinkResponse, issuedCodesResponse } from '../../src/sharing/api-schemas.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { printClassSheets, sharedClass, sharePath } from './support.js';

describe('sharing: the JSON API sends what the OpenAPI document describes', () => {
  let test: TestApp;
  let world: Awaited<ReturnType<typeof sharedClass>>;
  let request: ReturnType<typeof supertest>;

  before(async () => {
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    world = await sharedClass(test, await SchoolFactory.create(testDataSource()));
    request = world.request;
  });

  const api = (method: 'get' | 'post' | 'put', path: string, session: SignedIn) =>
    request[method](`/api/v1${path}`).set('Cookie', session.cookie).set('x-csrf-token', session.csrfToken).set('Accept', 'application/json');

  it('issues QR codes, lists the class, and shows the guardian the history and their links', async () => {
    const issued = issuedCodesResponse.parse((await api('post', `/classes/${world.families.klass.id}/qr-codes`, world.teacher).send({}).expect(200)).body);
    expect(issued.codes.map((code) => code.pupilId).sort()).to.deep.equal([world.lea.id, world.noe.id].sort());
    const lea = issued.codes.find((code) => code.pupilId === world.lea.id)!;
    expect((await request.get(sharePath(lea.url))).status).to.equal(303);

    const klass = classSharingResponse.parse((await api('get', `/classes/${world.families.klass.id}/sharing`, world.teacher).expect(200)).body);
    expect(klass.pupils.every((pupil) => pupil.qr !== null)).to.equal(true);

    const parent = await test.signIn(world.families.guardians[0]!.id);
    const link = createdLinkResponse.parse(
      (await api('post', `/children/${world.lea.id}/sharing/links`, parent).send({ label: 'Papi', password: 'un-long-secret', days: 10 }).expect(200)).body,
    );
    await api('put', `/sharing/grants/${link.grantId}/expiry`, parent).send({ days: 3 }).expect(204);
    const child = childSharingResponse.parse((await api('get', `/children/${world.lea.id}/sharing`, parent).expect(200)).body);
    expect(child.history.map((line) => line.channel)).to.deep.equal([]);
    expect(child.grants.find((grant) => grant.id === link.grantId)!.expiresAt).to.equal('2026-11-23T09:00:00.000Z');
    // A view through the API is in the history too, under the viewer's name.
    await api('get', `/children/${world.lea.id}/timeline`, parent).expect(200);
    const viewed = childSharingResponse.parse((await api('get', `/children/${world.lea.id}/sharing`, parent).expect(200)).body);
    const guardian = world.families.guardians[0]!;
    expect(viewed.history.map((line) => [line.channel, line.who])).to.deep.equal([['account', `${guardian.givenName} ${guardian.familyName}`]]);
    await api('post', `/sharing/grants/${link.grantId}/revoke`, parent).send({}).expect(204);
    const after = childSharingResponse.parse((await api('get', `/children/${world.lea.id}/sharing`, parent).expect(200)).body);
    expect(after.grants.find((grant) => grant.id === link.grantId)!.state).to.equal('revoked');
  });

  it('does not name the child’s other guardian in a guardian’s history; the teacher sees every name', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const other = await sharedClass(test, school);
    const [mother] = other.families.guardians;
    const father = await school.guardian([other.lea]);
    const asMother = await test.signIn(mother!.id);
    const asFather = await test.signIn(father.id);
    await api('get', `/children/${other.lea.id}/timeline`, asFather).expect(200);
    test.clock.advanceMinutes(1);
    await api('get', `/children/${other.lea.id}/timeline`, asMother).expect(200);
    const seenByMother = childSharingResponse.parse((await api('get', `/children/${other.lea.id}/sharing`, asMother).expect(200)).body);
    expect(seenByMother.history.map((line) => [line.who, line.otherGuardian])).to.deep.equal([
      [`${mother!.givenName} ${mother!.familyName}`, false],
      [null, true],
    ]);
    expect(JSON.stringify(seenByMother)).not.to.include(father.familyName);
    const seenByTeacher = childSharingResponse.parse((await api('get', `/children/${other.lea.id}/sharing`, other.teacher).expect(200)).body);
    expect(seenByTeacher.history.map((line) => line.who)).to.include(`${father.givenName} ${father.familyName}`);
  });

  it('refuses the guardian the class’s codes and another child’s history', async () => {
    const parent = await test.signIn(world.families.guardians[0]!.id);
    const refused = await api('post', `/classes/${world.families.klass.id}/qr-codes`, parent).send({});
    expect(refused.status).to.equal(404);
    expect((await api('get', `/children/${world.noe.id}/sharing`, parent)).status).to.equal(404);
  });

  it('issues the same codes as the printed sheets: one per child, each issue revoking the one before, whichever the door', async () => {
    const opens = async (url: string) => (await request.get(sharePath(url))).status === 303;
    const byApi = issuedCodesResponse.parse((await api('post', `/classes/${world.families.klass.id}/qr-codes`, world.teacher).send({}).expect(200)).body).codes;
    const sheets = await printClassSheets(request, world.families.klass.id, world.teacher);
    const printed = sheets.map((sheet) => sheet.codes[0]!);
    expect(printed).to.have.length(byApi.length);
    for (const url of printed) expect(await opens(url), url).to.equal(true);
    for (const code of byApi) expect(await opens(code.url), code.url).to.equal(false);

    const again = issuedCodesResponse.parse((await api('post', `/classes/${world.families.klass.id}/qr-codes`, world.teacher).send({}).expect(200)).body).codes;
    expect(again.map((code) => code.pupilId).sort()).to.deep.equal(byApi.map((code) => code.pupilId).sort());
    for (const url of printed) expect(await opens(url), url).to.equal(false);
    for (const code of again) expect(await opens(code.url), code.url).to.equal(true);
  });
});
