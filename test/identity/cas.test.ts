import { expect } from 'chai';
import request from 'supertest';
import type { Config } from '../../src/config/schema.js';
import { SchoolClass } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { casLogoutRequest, TestCasServer } from '../support/cas-server.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { sessionCookie } from './cookies.js';
import { expectRefused } from './rejection.js';
import { TEST_BASE_URL } from './saml-setup.js';

describe('CAS 3.0 sign-in', function () {
  this.timeout(30_000);
  let cas: TestCasServer;
  let testApp: TestApp;
  let uai: string;

  before(async () => {
    cas = await new TestCasServer().start();
    const config: Config = {
      ...testConfig({ ECARNET_BASE_URL: TEST_BASE_URL }),
      connectors: [
        { id: 'ent-cas', type: 'cas', enabled: true, schools: [], options: { serverUrl: cas.url, allowInsecureHttp: true, backChannelLogoutFrom: ['127.0.0.1', '::1'] } },
      ],
    };
    testApp = createTestApp({ config });
    const school = await SchoolFactory.create(testDataSource());
    uai = school.school.uai;
    cas.accounts.set('prof.lemoine', {
      givenName: ['Hélène'],
      sn: ['LEMOINE'],
      mail: ['helene.lemoine@example.org'],
      ENTPersonProfils: ['National_ENS'],
      ENTPersonStructRattachRNE: [uai],
      ENTPersonClasses: ['cas-cm2-a|CM2 A'],
    });
  });
  after(() => cas.stop());

  /** Starts a sign-in: the CAS login URL, the service URL e-carnet asked for, and the browser's cookie. */
  async function start(): Promise<{ service: string; cookie: string }> {
    const response = await request(testApp.app).get('/auth/cas/ent-cas/login?next=/home');
    expect(response.status).to.equal(303);
    const login = new URL(String(response.headers.location));
    expect(login.origin + login.pathname).to.equal(`${cas.url}/login`);
    return { service: login.searchParams.get('service')!, cookie: sessionCookie(response)! };
  }

  const back = (url: string, cookie: string) => {
    const parsed = new URL(url);
    return request(testApp.app).get(`${parsed.pathname}${parsed.search}`).set('Cookie', cookie).set('Accept', 'application/json');
  };

  it('signs a teacher in: ticket validated at /p3/serviceValidate, profile, school and classes from the attributes', async () => {
    const { service, cookie } = await start();
    const answer = await back(cas.issueTicket('prof.lemoine', service), cookie);
    expect(answer.status, answer.text).to.equal(303);
    expect(answer.headers.location).to.equal('/home');
    const home = await request(testApp.app).get('/home').set('Cookie', sessionCookie(answer)!);
    expect(home.text).to.include('CM2 A');
    expect(await testDataSource().getRepository(SchoolClass).countBy({ externalRef: 'cas-cm2-a' })).to.equal(1);
  });

  it('refuses a forged ticket', async () => {
    const { service, cookie } = await start();
    await expectRefused(() => back(`${service}&ticket=ST-forged0000000000000000`, cookie), 'CAS_TICKET_INVALID');
  });

  it('refuses a callback without a ticket', async () => {
    const { service, cookie } = await start();
    await expectRefused(() => back(service, cookie), 'CAS_TICKET_INVALID');
  });

  it('refuses a ticket e-carnet already used (replay)', async () => {
    const first = await start();
    const url = cas.issueTicket('prof.lemoine', first.service);
    expect((await back(url, first.cookie)).status).to.equal(303);
    const second = await start();
    const ticket = new URL(url).searchParams.get('ticket')!;
    await expectRefused(() => back(`${second.service}&ticket=${ticket}`, second.cookie), 'CAS_TICKET_REPLAYED');
  });

  it('refuses a ticket someone else validated first (the server uses tickets once)', async () => {
    const { service, cookie } = await start();
    const url = cas.issueTicket('prof.lemoine', service);
    cas.serviceValidate(service, new URL(url).searchParams.get('ticket')!);
    await expectRefused(() => back(url, cookie), 'CAS_TICKET_INVALID');
  });

  it('refuses a ticket issued for another service', async () => {
    const { service, cookie } = await start();
    const elsewhere = cas.issueTicket('prof.lemoine', 'https://other-service.test/callback');
    await expectRefused(() => back(`${service}&ticket=${new URL(elsewhere).searchParams.get('ticket')}`, cookie), 'CAS_SERVICE_MISMATCH');
  });

  it('refuses an answer to a sign-in this browser did not start', async () => {
    const { service } = await start();
    const other = await start();
    await expectRefused(() => back(cas.issueTicket('prof.lemoine', service), other.cookie), 'CAS_REQUEST_UNKNOWN');
  });

  it('ends the session when the CAS server signs the person out (back-channel logout)', async () => {
    const { service, cookie } = await start();
    const url = cas.issueTicket('prof.lemoine', service);
    const answer = await back(url, cookie);
    const signedIn = sessionCookie(answer)!;
    expect((await request(testApp.app).get('/api/v1/me').set('Cookie', signedIn)).status).to.equal(200);
    const logout = await request(testApp.app)
      .post('/auth/cas/ent-cas/callback')
      .type('form')
      .send({
        logoutRequest: casLogoutRequest('LR-1', testApp.clock.now(), new URL(url).searchParams.get('ticket')!),
      });
    expect(logout.status).to.equal(204);
    expect((await request(testApp.app).get('/api/v1/me').set('Cookie', signedIn)).status).to.equal(401);
  });
});
