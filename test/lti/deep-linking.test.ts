import { expect } from 'chai';
import { decodeJwt } from 'jose';
import type { Agent, Response } from 'supertest';
import { LTI_CLAIM } from '../../src/lti/claims.js';
import { contextClassRef } from '../../src/lti/launch/context-class.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import type { SimMessage } from '../support/lti-platform.js';
import { countRows, personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, htmlText, launch, launchWith } from './support/launch.js';

/*
 * Deep linking: a teacher picks what to place in the ENT, e-carnet answers with signed
 * ltiResourceLink items that the platform verifies against /lti/jwks, echoing its `data`.
 */
describe('LTI deep linking', function () {
  this.timeout(30_000);
  let lti: LtiFixture;
  const teacherPicks: SimMessage = { user: 'teacher-1', type: 'LtiDeepLinkingRequest', contextId: 'ctx-cm1' };

  before(async () => {
    lti = await ltiFixture();
  });
  after(async () => {
    await lti.close();
  });

  const field = (html: string, name: string) => htmlText(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '');
  const offered = (html: string) => [...html.matchAll(/name="items" value="([^"]+)"> ([^<]+)</g)].map((match) => `${htmlText(match[1]!)} ${match[2]!.trim()}`);

  async function picker(agent: Agent, message: SimMessage = teacherPicks): Promise<Response> {
    const response = await launch(agent, lti.platform, message);
    expect(response.status, response.text).to.equal(200);
    return response;
  }

  /** The browser's part: the auto-posting form, sent to the platform's return URL. */
  async function returnToPlatform(answer: Response): Promise<globalThis.Response> {
    const action = htmlText(/<form method="post" action="([^"]+)" data-autosubmit>/.exec(answer.text)?.[1] ?? '');
    expect(action).to.equal(`${lti.platform.url}/deep-link-return`);
    return fetch(action, { method: 'POST', body: new URLSearchParams({ JWT: field(answer.text, 'JWT') }) });
  }

  it('offers the class space, its messages and each pupil’s portfolio, then places a portfolio the platform accepts', async () => {
    const agent = lti.browser();
    const page = await picker(agent);
    const classId = (await testDataSource().query('SELECT id FROM school_class WHERE schoolId = ? AND externalRef = ?', [lti.school.id, contextClassRef(lti.registration.id, 'ctx-cm1')]))[0]
      .id as string;
    const lea = (await personOf(lti.registration.identityIssuer, 'pupil-1'))!;
    expect(offered(page.text)).to.include.members([
      `classSpace:${classId} Espace de la classe — CM1 — Les Castors`,
      `messages:${classId} Messages — CM1 — Les Castors`,
      `portfolio:${lea} Léa Martin`,
    ]);
    expect(offered(page.text)).to.have.length(5);

    const answer = await agent.post('/lti/deep-link').type('form').send({ token: field(page.text, 'token'), items: `portfolio:${lea}` });
    expect(answer.status).to.equal(200);
    expect(answer.headers['content-security-policy']).to.include(`form-action 'self' ${lti.platform.url}`);
    const jwt = decodeJwt(field(answer.text, 'JWT'));
    expect(jwt.iss).to.equal(lti.platform.clientId);
    expect(jwt.aud).to.equal(lti.platform.issuer);
    expect(jwt[LTI_CLAIM.deepLinkData]).to.equal('opaque-platform-data');

    const platformAnswer = await returnToPlatform(answer);
    expect(platformAnswer.status, await platformAnswer.clone().text()).to.equal(200);
    expect(lti.platform.placed.at(-1)).to.deep.include({
      title: 'Carnet de Léa Martin',
      url: `${lti.tool.url}/pupils/${lea}`,
      custom: { resource_kind: 'portfolio', resource_id: lea },
    });
    expect(lti.platform.deepLinkResponses.at(-1)![LTI_CLAIM.messageType]).to.equal('LtiDeepLinkingResponse');
    expect(await countRows('audit_event', "action = 'lti.resourcesPlaced' AND actorId = ?", [await personOf(lti.registration.identityIssuer, 'teacher-1')])).to.equal(1);
  });

  it('answers a request once', async () => {
    const agent = lti.browser();
    const page = await picker(agent);
    const classSpace = offered(page.text)[0]!.split(' ')[0]!;
    const token = field(page.text, 'token');
    expect((await agent.post('/lti/deep-link').type('form').send({ token, items: classSpace })).status).to.equal(200);
    const again = await agent.post('/lti/deep-link').type('form').send({ token, items: classSpace });
    expect(errorCode(again)).to.equal('LTI_DEEP_LINK_EXPIRED');
  });

  it('places only what was offered, and one item when the platform accepts one', async () => {
    const agent = lti.browser();
    const page = await picker(agent);
    const token = field(page.text, 'token');
    const elsewhere = await SchoolFactory.create(testDataSource());
    const stranger = await elsewhere.pupil(await elsewhere.class());
    const before = await countRows('lti_deep_link_request', 'usedAt IS NOT NULL');

    const foreign = await agent.post('/lti/deep-link').set('Accept', 'application/json').type('form').send({ token, items: `portfolio:${stranger.id}` });
    expect([foreign.status, foreign.body.error.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
    expect(foreign.body.error.fields.map((entry: { field: string; problem: string }) => [entry.field, entry.problem])).to.deep.equal([['items', 'invalidChoice']]);
    const two = offered(page.text).slice(0, 2).map((entry) => entry.split(' ')[0]!);
    const several = await agent.post('/lti/deep-link').set('Accept', 'application/json').type('form').send({ token, items: two });
    expect(several.body.error.code).to.equal('VALIDATION_FAILED');
    expect(several.body.error.fields.map((entry: { field: string; problem: string }) => [entry.field, entry.problem])).to.deep.equal([['items', 'invalidChoice']]);
    const page2 = await agent.post('/lti/deep-link').type('form').send({ token, items: `portfolio:${stranger.id}` });
    expect(page2.text, 'the page says what to do, in the reader’s language').to.include('Choisissez');
    expect(await countRows('lti_deep_link_request', 'usedAt IS NOT NULL'), 'the request is still open').to.equal(before);
  });

  it('places several items when the platform accepts several', async () => {
    const agent = lti.browser();
    const page = await picker(agent, { ...teacherPicks, acceptMultiple: true });
    expect(page.text).to.include('type="checkbox"');
    const items = offered(page.text).slice(0, 3).map((entry) => entry.split(' ')[0]!);
    const answer = await agent.post('/lti/deep-link').type('form').send({ token: field(page.text, 'token'), items });
    expect((decodeJwt(field(answer.text, 'JWT'))[LTI_CLAIM.contentItems] as unknown[]).length).to.equal(3);
  });

  it('a pupil’s deep-linking launch offers nothing to place', async () => {
    const page = await picker(lti.browser(), { user: 'pupil-2', type: 'LtiDeepLinkingRequest', contextId: 'ctx-cm1' });
    expect(offered(page.text)).to.deep.equal([]);
    expect(page.text).to.include('seuls les enseignants de la classe');
  });

  it('a deep-linking request without a usable return URL: LTI_DEEP_LINK_SETTINGS_INVALID', async () => {
    const response = await launchWith(lti.browser(), lti.platform, teacherPicks, (claims) => {
      claims[LTI_CLAIM.deepLinkingSettings] = { accept_types: ['ltiResourceLink'] };
    });
    expect(errorCode(response)).to.equal('LTI_DEEP_LINK_SETTINGS_INVALID');
  });

  it('a request older than an hour has expired', async () => {
    const agent = lti.browser();
    const page = await picker(agent);
    lti.clock.advanceMinutes(61);
    const response = await agent.post('/lti/deep-link').type('form').send({ token: field(page.text, 'token'), items: offered(page.text)[0]!.split(' ')[0]! });
    expect(errorCode(response)).to.equal('LTI_DEEP_LINK_EXPIRED');
  });
});
