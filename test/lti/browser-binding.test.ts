import { expect } from 'chai';
import request from 'supertest';
import { testDataSource } from '../support/database.js';
import type { SimMessage } from '../support/lti-platform.js';
import { launchFootprint } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, htmlText, newWindowLink, startLogin } from './support/launch.js';

/*
 * Third-party cookies blocked (Safari, Chrome's partitioning): the launch comes back without the
 * state cookie. With the platform's postMessage storage, our own page reads the secret back and
 * finishes the launch, which then continues in a new window; without it, the login starts again
 * in a new window. Never a mode that skips the state check. (The browser test drives the real
 * postMessage exchange in Chromium; here the HTTP side, request by request.)
 */
describe('LTI launch without cookies: platform storage and the new window', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  const message: SimMessage = { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture();
  });
  after(async () => {
    await lti.close();
  });

  /** A login with storage; then the launch arrives from a browser that kept no cookie. */
  async function cookielessLaunch(storage: boolean) {
    const login = await startLogin(lti.browser(), lti.platform, message, storage ? { storageTarget: '_parent' } : {});
    const binding = htmlText(/data-value="([^"]+)"/.exec(login.response.text)?.[1] ?? '');
    const form = await lti.platform.authorize(login.authorizationUrl);
    const cookieless = request(lti.tool.url);
    return { login, binding, form, cookieless };
  }

  it('without storage: a new window asks the platform for a fresh launch of the activity (its hints are single-use), nothing is written', async () => {
    const { form, cookieless } = await cookielessLaunch(false);
    const before = await launchFootprint();
    const response = await cookieless.post('/lti/launch').type('form').send({ id_token: form.idToken, state: form.state });
    expect(response.status).to.equal(401);
    expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
    const relaunch = new URL(newWindowLink(response.text));
    expect(relaunch.origin + relaunch.pathname).to.equal(`${lti.platform.issuer}/mod/lti/launch.php`);
    expect(relaunch.searchParams.get('id')).to.match(/^\d+$/);
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('without storage, on a platform naming no activity page: instructions to reopen it in a new window, no replay of the spent login', async () => {
    const login = await startLogin(lti.browser(), lti.platform, message);
    const form = await lti.platform.authorize(login.authorizationUrl);
    const loginRow = (await testDataSource().query("SELECT id, loginParamsJson FROM lti_login WHERE nonce = ?", [login.nonce])) as { id: string; loginParamsJson: string }[];
    const params = { ...(JSON.parse(loginRow[0]!.loginParamsJson) as Record<string, string>), lti_message_hint: 'opaque-hint' };
    await testDataSource().query('UPDATE lti_login SET loginParamsJson = ? WHERE id = ?', [JSON.stringify(params), loginRow[0]!.id]);
    const response = await request(lti.tool.url).post('/lti/launch').type('form').send({ id_token: form.idToken, state: form.state });
    expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
    expect(newWindowLink(response.text)).to.equal('');
    expect(response.text).not.to.include('/lti/login?');
    expect(response.text).to.include('nouvel onglet ou une nouvelle fenêtre');
  });

  it('with storage: the id_token waits on a page that reads the platform storage, nothing is written yet', async () => {
    const { form, cookieless } = await cookielessLaunch(true);
    const before = await launchFootprint();
    const response = await cookieless.post('/lti/launch').type('form').send({ id_token: form.idToken, state: form.state });
    expect(response.status).to.equal(200);
    expect(response.text).to.include('data-mode="get"').and.to.include(`data-origin="${lti.platform.url}"`).and.to.include('name="storage_binding"');
    expect(response.headers['referrer-policy']).to.equal('same-origin');
    expect(await launchFootprint()).to.deep.equal(before);
  });

  /** A launch bound through platform storage: the frame's page, with the continue link and the half of the code it keeps. */
  async function storageLaunch() {
    const { binding, form, cookieless } = await cookielessLaunch(true);
    const response = await cookieless
      .post('/lti/launch')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ id_token: form.idToken, state: form.state, storage_binding: binding });
    expect(response.status, response.text).to.equal(200);
    const continueUrl = newWindowLink(response.text);
    expect(continueUrl).to.match(/^\/lti\/continue\?code=/);
    const secret = htmlText(/data-handoff-secret="([^"]+)"/.exec(response.text)?.[1] ?? '');
    expect(secret, 'the frame keeps the second half for its window').to.have.length.greaterThan(40);
    expect(continueUrl).not.to.include(secret);
    return { continueUrl, secret, code: new URL(continueUrl, lti.tool.url).searchParams.get('code') ?? '' };
  }

  /** The new window's page: a form our script completes with the half its opener hands over. */
  async function openWindow(window: ReturnType<typeof request.agent>, continueUrl: string) {
    const page = await window.get(continueUrl);
    expect(page.status, page.text).to.equal(200);
    expect(page.headers['cross-origin-opener-policy'], 'the window keeps its opener').to.equal('unsafe-none');
    const csrf = htmlText(/name="_csrf" value="([^"]*)"/.exec(page.text)?.[1] ?? '');
    return { page, csrf };
  }

  it('the secret read back, posted by our own page: signed in, then continued in a first-party window, once', async () => {
    const { continueUrl, secret, code } = await storageLaunch();
    const window = request.agent(lti.tool.url);
    const before = await launchFootprint();
    const { page, csrf } = await openWindow(window, continueUrl);
    expect(page.text).to.include('data-handoff-form');
    expect(await launchFootprint(), 'opening the link alone signs nobody in').to.deep.equal(before);

    const opened = await window.post('/lti/continue').set('Sec-Fetch-Site', 'same-origin').type('form').send({ _csrf: csrf, code, secret });
    expect(opened.status, opened.text).to.equal(303);
    expect(opened.headers.location).to.match(/^\/classes\//);
    expect((await window.get(opened.headers.location)).text).to.include('CM1 — Les Castors');
    const again = await request.agent(lti.tool.url).get(continueUrl);
    expect(errorCode(again), 'a code works once').to.equal('LTI_HANDOFF_INVALID');
  });

  it('a continue link opened in another browser signs nobody in (login CSRF)', async () => {
    // The attacker minted the link for their own account: they hold both halves.
    const { continueUrl, secret, code } = await storageLaunch();
    const victim = request.agent(lti.tool.url);
    const before = await launchFootprint();
    const { page, csrf } = await openWindow(victim, continueUrl);
    expect(page.text).not.to.include(secret);
    // Without the opener, the page has only the link's half of the code.
    const halfOnly = await victim.post('/lti/continue').set('Sec-Fetch-Site', 'same-origin').type('form').send({ _csrf: csrf, code, secret: '' });
    expect(errorCode(halfOnly)).to.equal('LTI_HANDOFF_INVALID');
    // Another site's form with both halves cannot carry the victim's CSRF token.
    const forged = await victim.post('/lti/continue').set('Sec-Fetch-Site', 'cross-site').type('form').send({ code, secret });
    expect(forged.status).to.equal(403);
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('never silently replaces the session of another person: it asks first', async () => {
    const { continueUrl, secret, code } = await storageLaunch();
    const director = await lti.school.director();
    const signedIn = await lti.tool.signIn(director.id);
    const directorName = `${director.givenName} ${director.familyName}`;
    const window = () => request(lti.tool.url);
    const opened = await window().get(continueUrl).set('Cookie', signedIn.cookie);
    expect(opened.status).to.equal(200);
    const asked = await window()
      .post('/lti/continue')
      .set('Cookie', signedIn.cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ _csrf: signedIn.csrfToken, code, secret });
    expect(asked.status, asked.text).to.equal(200);
    expect(asked.text).to.include('Anne Roussel').and.to.include(directorName).and.to.include('name="confirm"');
    expect((await window().get('/home').set('Cookie', signedIn.cookie)).text, 'still the director').to.include(directorName);

    const confirmed = await window()
      .post('/lti/continue')
      .set('Cookie', signedIn.cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ _csrf: signedIn.csrfToken, code, secret, confirm: '1' });
    expect(confirmed.status).to.equal(303);
    expect(confirmed.headers.location).to.match(/^\/classes\//);
    const session = (confirmed.headers['set-cookie'] as unknown as string[]).find((line) => line.startsWith('ecarnet_session='))!.split(';')[0]!;
    expect((await window().get('/home').set('Cookie', session)).text).to.include('Anne Roussel');
    expect((await window().get('/home').set('Cookie', signedIn.cookie)).status, 'the director’s session ended').not.to.equal(200);
  });

  it('browsers without Sec-Fetch-Site prove the same origin with the Origin header', async () => {
    const { binding, form, cookieless } = await cookielessLaunch(true);
    const response = await cookieless
      .post('/lti/launch')
      .set('Origin', lti.tool.url)
      .type('form')
      .send({ id_token: form.idToken, state: form.state, storage_binding: binding });
    expect(response.status).to.equal(200);
    expect(newWindowLink(response.text)).to.match(/^\/lti\/continue\?code=/);
  });

  it('the secret posted by another site’s form is refused (it cannot prove the browser)', async () => {
    const { binding, form, cookieless } = await cookielessLaunch(true);
    const before = await launchFootprint();
    const response = await cookieless
      .post('/lti/launch')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ id_token: form.idToken, state: form.state, storage_binding: binding });
    expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
    expect(await launchFootprint()).to.deep.equal(before);
  });

  it('a wrong secret is refused', async () => {
    const { form, cookieless } = await cookielessLaunch(true);
    const response = await cookieless
      .post('/lti/launch')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ id_token: form.idToken, state: form.state, storage_binding: 'guessed-secret' });
    expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
  });

  it('a handoff code expires after two minutes', async () => {
    const { continueUrl, secret, code } = await storageLaunch();
    const window = request.agent(lti.tool.url);
    const { csrf } = await openWindow(window, continueUrl);
    lti.clock.advanceMinutes(3);
    const late = await window.post('/lti/continue').set('Sec-Fetch-Site', 'same-origin').type('form').send({ _csrf: csrf, code, secret });
    expect(errorCode(late)).to.equal('LTI_HANDOFF_INVALID');
    expect(errorCode(await request.agent(lti.tool.url).get(continueUrl))).to.equal('LTI_HANDOFF_INVALID');
  });
});
