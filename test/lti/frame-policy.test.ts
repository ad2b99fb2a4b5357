import { expect } from 'chai';
import request from 'supertest';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator, ROLE } from '../support/lti-platform.js';
import { htmlText, launch } from './support/launch.js';
import { startTool, type RunningTool } from './support/tool.js';

/*
 * e-carnet lives in the ENT's iframe. Without an operator listing each ENT in
 * ECARNET_FRAME_ANCESTORS, a registered platform may frame the pages it shows: the LTI steps it
 * drives, the registration page while it registers, and every page of a session it opened (so
 * the header names one ENT, not all the ENTs of an académie). Per-response additions are built
 * from the policy's directives, never by editing its text.
 */
describe('LTI frame policy', function () {
  this.timeout(30_000);
  let clock: TestClock;
  let tool: RunningTool;
  let platform: LtiPlatformSimulator;
  let school: SchoolFactory;
  let teacher: ReturnType<typeof request.agent>;
  let classPath: string;
  const base = ["'self'", 'https://ent.example.fr'];

  const directive = (response: request.Response, name: string): string[] => {
    const policy = String(response.headers['content-security-policy'] ?? '');
    const entry = policy.split(';').map((part) => part.trim().split(/\s+/)).find((parts) => parts[0] === name);
    return entry ? entry.slice(1) : [];
  };

  before(async () => {
    clock = new TestClock();
    tool = await startTool({ clock, adjust: (config) => ({ ...config, frameAncestors: base }) });
    platform = await LtiPlatformSimulator.start({ clock });
    school = await SchoolFactory.create(testDataSource());
  });
  after(async () => {
    await platform.close();
    await tool.close();
  });

  let registrationLink: URL;

  it('the registration page may be framed by the platform being registered, and by it only', async () => {
    const director = await tool.signIn((await school.director()).id);
    const created = await request(tool.url).post('/lti/registrations/invites').set('Cookie', director.cookie).type('form').send({ _csrf: director.csrfToken, schoolId: school.id });
    registrationLink = new URL(htmlText(/class="lti-invite"[^>]* value="([^"]+)"/.exec(created.text)?.[1] ?? ''));
    registrationLink.searchParams.set('openid_configuration', platform.endpoints.openidConfiguration);
    registrationLink.searchParams.set('registration_token', platform.registrationToken());
    const page = await request(tool.url).get(`/lti/register${registrationLink.search}`);
    expect(page.status).to.equal(200);
    expect(directive(page, 'frame-ancestors')).to.deep.equal([...base, platform.url]);
    expect(directive(page, 'script-src')).to.deep.equal(["'self'"]);
    expect(directive(await request(tool.url).get('/healthz'), 'frame-ancestors')).to.deep.equal(base);
  });

  it('once registered, it may frame every page of the sessions it opens, and no other', async () => {
    const done = await request(tool.url).post('/lti/register').type('form').send(Object.fromEntries(registrationLink.searchParams));
    expect(done.status, done.text).to.equal(200);
    expect(directive(done, 'frame-ancestors')).to.include(platform.url);
    platform.addUser({ sub: 'frame-teacher', givenName: 'Rose', familyName: 'Cadre', roles: [ROLE.instructor] });
    platform.addContext({ id: 'ctx-frame', title: 'CE1', members: ['frame-teacher'] });
    teacher = request.agent(tool.url);
    const launched = await launch(teacher, platform, { user: 'frame-teacher', type: 'LtiResourceLinkRequest', contextId: 'ctx-frame' });
    classPath = launched.headers.location;
    for (const path of [classPath, '/home']) {
      const page = await teacher.get(path);
      expect(page.status, path).to.equal(200);
      expect(directive(page, 'frame-ancestors'), path).to.deep.equal([...base, platform.url]);
    }
    const director = await tool.signIn((await school.director()).id);
    const other = await request(tool.url).get('/home').set('Cookie', director.cookie);
    expect(directive(other, 'frame-ancestors'), 'a session opened otherwise').to.deep.equal(base);
  });

  it('the deep-linking answer may post to the platform’s return URL, and nowhere else', async () => {
    const agent = request.agent(tool.url);
    const picker = await launch(agent, platform, { user: 'frame-teacher', type: 'LtiDeepLinkingRequest', contextId: 'ctx-frame' });
    expect(directive(picker, 'form-action')).to.deep.equal(["'self'"]);
    expect(directive(picker, 'frame-ancestors')).to.deep.equal([...base, platform.url]);
    const token = htmlText(/name="token" value="([^"]*)"/.exec(picker.text)?.[1] ?? '');
    const item = htmlText(/name="items" value="([^"]+)"/.exec(picker.text)?.[1] ?? '');
    const answer = await agent.post('/lti/deep-link').type('form').send({ token, items: item });
    expect(answer.status, answer.text).to.equal(200);
    expect(directive(answer, 'form-action')).to.deep.equal(["'self'", platform.url]);
    expect(directive(answer, 'frame-ancestors')).to.deep.equal([...base, platform.url]);
    expect(directive(answer, 'default-src')).to.deep.equal(["'self'"]);
  });

  it('a disconnected platform may no longer frame e-carnet', async () => {
    const director = await tool.signIn((await school.director()).id);
    const rows = (await testDataSource().query('SELECT id FROM lti_platform WHERE issuer = ?', [platform.issuer])) as { id: string }[];
    const disconnected = await request(tool.url)
      .post('/lti/registrations/disconnect')
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, schoolId: school.id, platformId: rows[0]!.id });
    expect(disconnected.status).to.equal(303);
    expect(directive(await teacher.get('/home'), 'frame-ancestors')).to.deep.equal(base);
  });

  it('frame pages load their stylesheet from the head', async () => {
    const director = await tool.signIn((await school.director()).id);
    const page = await request(tool.url).get('/lti/registrations').set('Cookie', director.cookie);
    const head = /<head>([\s\S]*)<\/head>/.exec(page.text)?.[1] ?? '';
    const body = /<body>([\s\S]*)<\/body>/.exec(page.text)?.[1] ?? '';
    expect(head).to.include('/static/app.css').and.to.include('/static/lti.css');
    expect(body).not.to.include('rel="stylesheet"');
  });
});
