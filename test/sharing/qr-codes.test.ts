import { expect } from 'chai';
import supertest from 'supertest';
import { newId, Person, ShareGrant } from '../../src/model/index.js';
import { hashShareToken } from '../../src/sharing/share-token.js';
import { SHARE_RATE_LIMITS } from '../../src/sharing/shared-view.js';
import { testConfig } from '../support/config.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { asBytes, printClassSheets, shareCookieOf, sharedClass, sharePath } from './support.js';

function mediumIds(html: string): string[] {
  return [...html.matchAll(/\/shared\/media\/([0-9a-f-]{36})\/thumbnail/g)].map((match) => match[1]!);
}

describe('sharing: a child’s QR code opens their published portfolio, read only', () => {
  let test: TestApp;
  let world: Awaited<ReturnType<typeof sharedClass>>;
  let request: ReturnType<typeof supertest>;
  let codes: Map<string, string>;
  let school: SchoolFactory;

  before(async () => {
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    school = await SchoolFactory.create(testDataSource());
    world = await sharedClass(test, school);
    request = world.request;
    // Léa's family reads Arabic: her sheet is printed in French and in Arabic.
    await testDataSource().getRepository(Person).update({ id: world.families.guardians[0]!.id }, { preferredLanguage: 'ar' });
    const pages = await printClassSheets(request, world.families.klass.id, world.teacher);
    codes = new Map(pages.map((page) => [page.text.includes(world.lea.givenName) ? 'lea' : 'noe', page.codes[0]!]));
  });

  it('prints one page per child with the first name, the instructions, the validity and one QR code', async () => {
    const pages = await printClassSheets(request, world.families.klass.id, world.teacher);
    expect(pages).to.have.length(2);
    for (const page of pages) {
      expect(page.codes).to.have.length(1);
      expect(page.text).to.include('Ouvrez l’appareil photo');
      expect(page.text).to.include('18 février 2027'); // 90 days, the school's default
      expect(page.codes[0]).to.match(/\/s\/[A-Za-z0-9_-]{43}$/);
    }
    const [leaPage, noePage] = [pages.find((page) => page.text.includes(world.lea.givenName))!, pages.find((page) => page.text.includes(world.noe.givenName))!];
    expect(leaPage.text).to.include('دفتر');
    expect(noePage.text).not.to.include('دفتر');
    // Printing again issued new codes: the ones printed before are revoked.
    const revoked = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ tokenHash: hashShareToken(sharePath(codes.get('lea')!).slice(3)) });
    expect(revoked.revokedAt).not.to.equal(null);
    codes = new Map(pages.map((page) => [page.text.includes(world.lea.givenName) ? 'lea' : 'noe', page.codes[0]!]));
  });

  it('keeps only a hash of the token, and the token names no id', async () => {
    const token = sharePath(codes.get('lea')!).slice(3);
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ tokenHash: hashShareToken(token) });
    expect(await testDataSource().getRepository(ShareGrant).findOneBy({ tokenHash: token })).to.equal(null);
    for (const id of [grant.id, world.lea.id, world.families.klass.id]) expect(token).not.to.include(id.replace(/-/g, '').slice(0, 8));
    expect(Buffer.from(token, 'base64url')).to.have.length(32);
  });

  it('exchanges the token for a viewer cookie, out of the address bar, never cached nor sent as referrer', async () => {
    const opened = await request.get(sharePath(codes.get('lea')!));
    expect(opened.status).to.equal(303);
    expect(opened.headers.location).to.equal('/shared');
    expect(opened.headers['cache-control']).to.equal('no-store');
    expect(opened.headers['referrer-policy']).to.equal('no-referrer');
    expect(shareCookieOf(opened)).to.match(/^ecarnet_share=/);
    expect(String(opened.headers['set-cookie'])).to.include('HttpOnly');
  });

  it('shows exactly that child’s published entries, without forms, reactions, export or downloads', async () => {
    const cookie = shareCookieOf(await request.get(sharePath(codes.get('lea')!)));
    const page = await request.get('/shared').set('Cookie', cookie);
    expect(page.status).to.equal(200);
    expect(page.headers['cache-control']).to.equal('no-store');
    expect(page.text).to.include('Léa lit une histoire');
    expect(page.text).not.to.include('Brouillon pour Léa');
    expect(page.text).not.to.include('Noé construit une tour');
    expect(page.text).not.to.include('<form');
    expect(page.text).not.to.include('portfolio.zip');
    expect(page.text).not.to.include('download');
    expect(page.text).not.to.include('/responses');
    expect(mediumIds(page.text)).to.have.length(1);
  });

  it('serves that child’s photos and no other medium', async () => {
    const cookie = shareCookieOf(await request.get(sharePath(codes.get('lea')!)));
    const page = await request.get('/shared').set('Cookie', cookie);
    const [own] = mediumIds(page.text);
    const photo = await asBytes(request.get(`/shared/media/${own}/thumbnail`).set('Cookie', cookie));
    expect(photo.status).to.equal(200);
    expect(photo.headers['content-type']).to.match(/^image\//);

    const noeCookie = shareCookieOf(await request.get(sharePath(codes.get('noe')!)));
    const [noePhoto] = mediumIds((await request.get('/shared').set('Cookie', noeCookie)).text);
    expect(noePhoto).to.be.a('string');
    const refused = await request.get(`/shared/media/${noePhoto}/original`).set('Cookie', cookie).set('Accept', 'application/json');
    expect(refused.status).to.equal(404);
  });

  it('opens nothing of the signed-in pages: the viewer cookie is not an account', async () => {
    const cookie = shareCookieOf(await request.get(sharePath(codes.get('lea')!)));
    for (const path of [`/children/${world.lea.id}/portfolio`, `/children/${world.lea.id}/portfolio.zip`, `/portfolio/entries/${world.entries.published}`, '/home']) {
      const response = await request.get(path).set('Cookie', cookie).set('Accept', 'application/json');
      expect(response.status, path).to.equal(401);
    }
    const responded = await request.post(`/portfolio/entries/${world.entries.published}/responses`).set('Cookie', cookie).set('Accept', 'application/json').send({ reaction: 'heart' });
    expect(responded.status).to.be.oneOf([401, 403]);
  });

  it('answers every bad token with the same page: unknown, truncated, guessed, expired, revoked', async () => {
    const token = sharePath(codes.get('noe')!).slice(3);
    const expiredToken = 'E'.repeat(43);
    const leaGrant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ tokenHash: hashShareToken(sharePath(codes.get('lea')!).slice(3)) });
    await testDataSource().getRepository(ShareGrant).insert({ ...leaGrant, id: newId(), tokenHash: hashShareToken(expiredToken), expiresAt: new Date('2026-11-19T00:00:00Z'), revokedAt: null });
    const revokedToken = 'R'.repeat(43);
    await testDataSource().getRepository(ShareGrant).insert({ ...leaGrant, id: newId(), tokenHash: hashShareToken(revokedToken), revokedAt: new Date('2026-11-19T00:00:00Z') });

    const answers = [];
    const bads = ['A'.repeat(43), token.slice(0, 20), `${token.slice(0, 42)}x`, `${token}x`, 'not-a-token', expiredToken, revokedToken, '%00', `${token.slice(0, 10)}/${token.slice(10)}`, 'x'.repeat(5000)];
    for (const bad of bads) answers.push(await request.get(`/s/${bad}`));
    answers.push(await request.get('/s/'), await request.get('/s'));
    for (const answer of answers) {
      expect(answer.status).to.equal(404);
      expect(answer.headers['set-cookie']).to.equal(undefined);
      expect(answer.text).to.equal(answers[0]!.text);
    }
    expect(answers[0]!.text).to.include('SHARE_LINK_INVALID');
  });

  it('throttles token tries per address, whatever the tokens', async () => {
    // Behind the school's proxy, as deployed: each family is its own address.
    const proxied = createTestApp({ config: testConfig({ ECARNET_TRUST_PROXY: 'loopback' }), clock: test.clock });
    const from = (address: string, token: string) => supertest(proxied.app).get(`/s/${token}`).set('X-Forwarded-For', address).set('Accept', 'application/json');
    const statuses = [];
    for (let attempt = 0; attempt < SHARE_RATE_LIMITS.openPerAddress.limit + 1; attempt += 1) statuses.push((await from('192.0.2.55', `guess${attempt}`)).status);
    expect(statuses.slice(0, -1).every((status) => status === 404)).to.equal(true);
    const refused = await from('192.0.2.55', sharePath(codes.get('noe')!).slice(3));
    expect(refused.status).to.equal(429);
    expect((refused.body as { error: { code: string } }).error.code).to.equal('SHARE_TOO_MANY_ATTEMPTS');
    expect(refused.headers['retry-after']).to.match(/^\d+$/);
    expect((await from('192.0.2.56', sharePath(codes.get('noe')!).slice(3))).status).to.equal(303);
  });

  it('cuts an open session on the next request once the teacher revokes the code', async () => {
    const cookie = shareCookieOf(await request.get(sharePath(codes.get('lea')!)));
    expect((await request.get('/shared').set('Cookie', cookie)).status).to.equal(200);
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ tokenHash: hashShareToken(sharePath(codes.get('lea')!).slice(3)) });
    const revoked = await request.post(`/sharing/grants/${grant.id}/revoke`).set('Cookie', world.teacher.cookie).type('form').send({ _csrf: world.teacher.csrfToken });
    expect(revoked.status).to.equal(303);
    const after = await request.get('/shared').set('Cookie', cookie).set('Accept', 'application/json');
    expect(after.status).to.equal(404);
    expect((after.body as { error: { code: string } }).error.code).to.equal('SHARE_LINK_INVALID');
    expect((await request.get(sharePath(codes.get('lea')!))).status).to.equal(404);
  });

  it('ends the viewer session when the code expires, open sessions included', async () => {
    const cookie = shareCookieOf(await request.get(sharePath(codes.get('noe')!)));
    expect((await request.get('/shared').set('Cookie', cookie)).status).to.equal(200);
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ tokenHash: hashShareToken(sharePath(codes.get('noe')!).slice(3)) });
    await testDataSource().getRepository(ShareGrant).update({ id: grant.id }, { expiresAt: new Date('2026-11-20T09:00:30.000Z') });
    test.clock.set('2026-11-20T09:01:00.000Z');
    expect((await request.get('/shared').set('Cookie', cookie)).status).to.equal(404);
  });

  it('records each view in the history the child’s guardian sees, and keeps it from other families', async () => {
    const [leaParent, noeParent] = world.families.guardians;
    const parent = await test.signIn(leaParent!.id);
    const history = await request.get(`/children/${world.lea.id}/sharing`).set('Cookie', parent.cookie);
    expect(history.status).to.equal(200);
    expect(history.text).to.include('Code QR');
    expect(history.text).to.match(/\d+\.\d+\.\d+\.0\/24|::\/48/);
    expect(history.text).not.to.match(/127\.0\.0\.1(?!\/)/);
    const other = await test.signIn(noeParent!.id);
    expect((await request.get(`/children/${world.lea.id}/sharing`).set('Cookie', other.cookie)).status).to.equal(404);
    const teacherView = await request.get(`/classes/${world.families.klass.id}/sharing`).set('Cookie', world.teacher.cookie);
    expect(teacherView.status).to.equal(200);
    expect(teacherView.text).to.include('Code QR');

    // The whole school's history is the director's, beside the audit log.
    const director = await test.signIn((await school.director()).id);
    const schoolView = await request.get(`/schools/${school.id}/portfolio-access`).set('Cookie', director.cookie);
    expect(schoolView.status).to.equal(200);
    expect(schoolView.text).to.include('Code QR');
    expect(schoolView.text).to.include(world.noe.givenName);
    expect((await request.get(`/schools/${school.id}/portfolio-access`).set('Cookie', world.teacher.cookie).set('Accept', 'application/json')).status).to.equal(404);
  });

  it('refuses printing to a guardian and to a teacher of another class', async () => {
    const [leaParent] = world.families.guardians;
    const parent = await test.signIn(leaParent!.id);
    const printed = await request.post(`/classes/${world.families.klass.id}/sharing/sheets`).set('Cookie', parent.cookie).set('Accept', 'application/json').type('form').send({ _csrf: parent.csrfToken });
    expect(printed.status).to.equal(404);
    const otherTeacher = await test.signIn((await school.teacher([await school.class()])).id);
    const refused = await request.post(`/classes/${world.families.klass.id}/sharing/sheets`).set('Cookie', otherTeacher.cookie).set('Accept', 'application/json').type('form').send({ _csrf: otherTeacher.csrfToken });
    expect(refused.status).to.equal(404);
    const single = await request.post(`/children/${world.lea.id}/sharing/sheet`).set('Cookie', otherTeacher.cookie).set('Accept', 'application/json').type('form').send({ _csrf: otherTeacher.csrfToken });
    expect(single.status).to.equal(404);
  });
});
