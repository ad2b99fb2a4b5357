import { expect } from 'chai';
import type supertest from 'supertest';
import { School, ShareGrant } from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { shareCookieOf, sharedClass, sharePath } from './support.js';

/** The link URL shown once on the guardian's page after creating it. */
function createdLinkIn(html: string): string {
  const match = /class="copyable" readonly value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no link on the page');
  return match[1]!;
}

describe('sharing: a guardian’s password-protected personal link', () => {
  let test: TestApp;
  let world: Awaited<ReturnType<typeof sharedClass>>;
  let request: ReturnType<typeof supertest>;
  let parent: SignedIn;
  let school: SchoolFactory;

  before(async () => {
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    school = await SchoolFactory.create(testDataSource());
    world = await sharedClass(test, school);
    request = world.request;
    parent = await test.signIn(world.families.guardians[0]!.id);
  });

  function createLink(session: SignedIn, fields: Record<string, string>, accept = 'application/json'): supertest.Test {
    return request
      .post(`/children/${world.lea.id}/sharing/links`)
      .set('Cookie', session.cookie)
      .set('Accept', accept)
      .type('form')
      .send({ _csrf: session.csrfToken, label: 'Grand-mère', password: 'tarte-aux-pommes', days: '30', ...fields });
  }

  /** Opens a link in a fresh browser: the exchange, then the password form's session. */
  async function openLink(url: string): Promise<{ cookie: string; csrf: string }> {
    const opened = await request.get(sharePath(url));
    expect(opened.status).to.equal(303);
    const shareCookie = shareCookieOf(opened);
    const form = await request.get('/shared').set('Cookie', shareCookie);
    expect(form.status).to.equal(200);
    expect(form.text).to.include('type="password"');
    expect(form.text).not.to.include('Léa lit une histoire');
    const sessionCookie = ([] as string[]).concat(form.headers['set-cookie'] ?? []).find((line) => line.startsWith('ecarnet_session='))!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    return { cookie: `${shareCookie}; ${sessionCookie}`, csrf };
  }

  it('asks for the password, then shows the published portfolio; the password is stored as argon2id', async () => {
    const created = await createLink(parent, { notifyEmail: 'mamie@example.test' }, 'text/html');
    expect(created.status, created.text).to.equal(200);
    const url = createdLinkIn(created.text);
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ pupilId: world.lea.id, kind: 'link' });
    expect(grant.passwordHash).to.match(/^\$argon2id\$/);

    const browser = await openLink(url);
    const wrong = await request.post('/shared/unlock').set('Cookie', browser.cookie).type('form').send({ _csrf: browser.csrf, password: 'pas-le-bon' });
    expect(wrong.headers.location).to.equal('/shared?failed=1');
    expect((await request.get('/shared').set('Cookie', browser.cookie)).text).not.to.include('Léa lit une histoire');
    const right = await request.post('/shared/unlock').set('Cookie', browser.cookie).type('form').send({ _csrf: browser.csrf, password: 'tarte-aux-pommes' });
    expect(right.headers.location).to.equal('/shared');
    const page = await request.get('/shared').set('Cookie', browser.cookie);
    expect(page.text).to.include('Léa lit une histoire');
    expect(page.text).not.to.include('Brouillon pour Léa');

    // The holder's address is kept for the notices of new publications (src/sharing/link-notices/).
    expect(grant.notifyEmail).to.equal('mamie@example.test');
  });

  it('keeps the language chosen for the holder’s e-mails, and refuses one the module does not speak', async () => {
    const form = await request.get(`/children/${world.lea.id}/sharing`).set('Cookie', parent.cookie);
    expect(form.text).to.match(/<select id="language" name="language">[\s\S]*<option value="es" lang="es">/);
    const created = await createLink(parent, { label: 'Abuela', notifyEmail: 'abuela@example.test', language: 'es' }, 'text/html');
    expect(created.status, created.text).to.equal(200);
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ pupilId: world.lea.id, label: 'Abuela' });
    expect(grant.language).to.equal('es');
    const refused = await createLink(parent, { label: 'Opa', language: 'de' });
    expect(refused.status).to.equal(400);
    expect(refused.body).to.have.nested.property('error.fields[0].field', 'language');
  });

  it('throttles password guesses per link, the right password included once over the limit', async () => {
    const url = createdLinkIn((await createLink(parent, { label: 'Oncle' }, 'text/html')).text);
    const browser = await openLink(url);
    const statuses = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      const response = await request.post('/shared/unlock').set('Cookie', browser.cookie).set('Accept', 'application/json').type('form').send({ _csrf: browser.csrf, password: `essai-${attempt}` });
      statuses.push(response.status);
      if (response.status === 429) expect((response.body as { error: { code: string } }).error.code).to.equal('SHARE_TOO_MANY_ATTEMPTS');
    }
    expect(statuses.slice(0, 10).every((status) => status === 303)).to.equal(true);
    expect(statuses[10]).to.equal(429);
    // Even the right password waits for the window to end.
    const right = await request.post('/shared/unlock').set('Cookie', browser.cookie).set('Accept', 'application/json').type('form').send({ _csrf: browser.csrf, password: 'tarte-aux-pommes' });
    expect(right.status).to.equal(429);
  });

  it('lets the teacher cut it short and revoke it; an open session ends with it', async () => {
    const url = createdLinkIn((await createLink(parent, { label: 'Tante' }, 'text/html')).text);
    const browser = await openLink(url);
    await request.post('/shared/unlock').set('Cookie', browser.cookie).type('form').send({ _csrf: browser.csrf, password: 'tarte-aux-pommes' });
    expect((await request.get('/shared').set('Cookie', browser.cookie)).status).to.equal(200);
    const grant = await testDataSource().getRepository(ShareGrant).findOneByOrFail({ pupilId: world.lea.id, kind: 'link', label: 'Tante' });
    const shortened = await request.post(`/sharing/grants/${grant.id}/expiry`).set('Cookie', world.teacher.cookie).type('form').send({ _csrf: world.teacher.csrfToken, days: '1' });
    expect(shortened.status).to.equal(303);
    expect((await testDataSource().getRepository(ShareGrant).findOneByOrFail({ id: grant.id })).expiresAt.toISOString()).to.equal('2026-11-21T09:00:00.000Z');
    const revoked = await request.post(`/sharing/grants/${grant.id}/revoke`).set('Cookie', world.teacher.cookie).type('form').send({ _csrf: world.teacher.csrfToken });
    expect(revoked.status).to.equal(303);
    expect((await request.get('/shared').set('Cookie', browser.cookie)).status).to.equal(404);
  });

  it('refuses a link to a guardian with information only, to another family, and when the school forbids them', async () => {
    const informed = await school.guardian([world.lea], { status: 'informationOnly' });
    const informedSession = await test.signIn(informed.id);
    expect((await createLink(informedSession, {})).status).to.equal(404);
    const otherParent = await test.signIn(world.families.guardians[1]!.id);
    expect((await createLink(otherParent, {})).status).to.equal(404);

    const settings = defaultSchoolSettings();
    settings.sharing.personalLinksAllowed = false;
    await testDataSource().getRepository(School).update({ id: school.id }, { settingsJson: JSON.stringify(settings) });
    const refused = await createLink(parent, {});
    expect(refused.status).to.equal(403);
    expect((refused.body as { error: { code: string } }).error.code).to.equal('SHARE_LINKS_DISABLED');
    await testDataSource().getRepository(School).update({ id: school.id }, { settingsJson: JSON.stringify(defaultSchoolSettings()) });
  });

  it('rejects a short password with a field error', async () => {
    const response = await createLink(parent, { password: 'court' });
    expect(response.status).to.equal(400);
    expect((response.body as { error: { code: string; fields: { field: string }[] } }).error.fields.map((field) => field.field)).to.deep.equal(['password']);
  });
});
