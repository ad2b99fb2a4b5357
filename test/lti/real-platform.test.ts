import { expect } from 'chai';
import pino from 'pino';
import request from 'supertest';
import { provisionIdentity } from '../../src/auth/provisioner.js';
import { contextClassRef } from '../../src/lti/launch/context-class.js';
import { loadActor } from '../../src/policy/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { ROLE, type SimMessage } from '../support/lti-platform.js';
import { countRows, personOf } from './support/database-facts.js';
import { ltiFixture, type LtiFixture } from './support/fixture.js';
import { errorCode, htmlText, launch, newWindowLink, startLogin } from './support/launch.js';

/*
 * What a real Moodle 4.5 showed, replayed against the simulated platform (which behaves as Moodle
 * does where it matters): a class space placed by the teacher and opened by everyone of the
 * course; Moodle's site administrator, an "Instructor" of every course; single-use message hints;
 * and e-carnet on plain http while the ENT is another site.
 */
describe('LTI in a real ENT', function () {
  this.timeout(60_000);
  let lti: LtiFixture;
  const logLines: string[] = [];
  let classId: string;

  before(async () => {
    lti = await ltiFixture({ logger: pino({ level: 'info' }, { write: (line: string) => logLines.push(line) }) });
    // The teacher's first launch makes the course's class and syncs its roster.
    await launch(lti.browser(), lti.platform, { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    await launch(lti.browser(), lti.platform, { user: 'parent-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
    classId = (
      (await testDataSource().query('SELECT id FROM school_class WHERE schoolId = ? AND externalRef = ?', [lti.school.id, contextClassRef(lti.registration.id, 'ctx-cm1')])) as {
        id: string;
      }[]
    )[0]!.id;
  });
  after(async () => {
    await lti.close();
  });

  const person = async (sub: string) => (await personOf(lti.registration.identityIssuer, sub))!;

  /** Opens a placed link (its custom parameters, as the platform keeps them) as `user`; returns the landing and whether it opens. */
  async function openPlaced(user: string, custom: Record<string, string>, path: string) {
    const browser = lti.browser();
    const message: SimMessage = { user, type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1', targetLinkUri: `${lti.tool.url}${path}`, custom };
    const response = await launch(browser, lti.platform, message);
    expect(response.status, response.text).to.equal(303);
    const landing = String(response.headers.location);
    const page = await browser.get(landing);
    return { landing, status: page.status, text: page.text };
  }

  describe('a placed class space opened by each role', () => {
    const classSpace = () => ({ resource_kind: 'classSpace', resource_id: classId });

    it('a pupil (Learner) lands on their own portfolio, a page they may open, not on the teachers’ class list', async () => {
      const hugo = await person('pupil-2');
      const opened = await openPlaced('pupil-2', classSpace(), `/classes/${classId}`);
      expect(opened.landing).to.equal(`/children/${hugo}/portfolio`);
      expect(opened.status).to.equal(200);
      expect(opened.text).to.include('Hugo');
    });

    it('a guardian (Mentor) lands on their child', async () => {
      const lea = await person('pupil-1');
      const opened = await openPlaced('parent-1', classSpace(), `/classes/${classId}`);
      expect(opened.landing).to.equal(`/pupils/${lea}`);
      expect(opened.status).to.equal(200);
      expect(opened.text).to.include('Léa').and.not.to.include('Hugo');
    });

    it('the teacher lands on the class', async () => {
      const opened = await openPlaced('teacher-1', classSpace(), `/classes/${classId}`);
      expect(opened.landing).to.equal(`/classes/${classId}`);
      expect(opened.status).to.equal(200);
    });

    it('a link placed without custom parameters is read from its target link the same way', async () => {
      const hugo = await person('pupil-2');
      const opened = await openPlaced('pupil-2', {}, `/classes/${classId}`);
      expect(opened.landing).to.equal(`/children/${hugo}/portfolio`);
    });

    it('a pupil who opens another child’s placed portfolio lands on their own', async () => {
      const [lea, hugo] = [await person('pupil-1'), await person('pupil-2')];
      const opened = await openPlaced('pupil-2', { resource_kind: 'portfolio', resource_id: lea }, `/pupils/${lea}`);
      expect(opened.landing).to.equal(`/children/${hugo}/portfolio`);
      expect(opened.status).to.equal(200);
    });

    it('the messages placement opens the class’s messages, for the teacher, the families and the pupils alike', async () => {
      // A class announcement, and a message to the whole school: only the first is the class's.
      const teacher = await lti.tool.signIn(await person('teacher-1'));
      const director = await lti.tool.signIn((await lti.school.director()).id);
      const send = (who: typeof teacher, to: string, subject: string) =>
        request(lti.tool.url).post('/messages').set('Cookie', who.cookie).type('form').send({ _csrf: who.csrfToken, to, kind: 'information', subject, body: 'Bonjour.' });
      expect((await send(teacher, `class:${classId}`, 'Sortie au musée')).status).to.equal(303);
      expect((await send(director, `school:${lti.school.id}`, 'Fermeture de l’école')).status).to.equal(303);

      for (const user of ['teacher-1', 'parent-1', 'pupil-3']) {
        const opened = await openPlaced(user, { resource_kind: 'messages', resource_id: classId }, '/messages');
        expect([user, opened.landing, opened.status]).to.deep.equal([user, `/messages?class=${classId}`, 200]);
        expect(opened.text).to.include('Messages — CM1 — Les Castors').and.not.to.include('Fermeture de l’école');
      }
      const parent = await openPlaced('parent-1', { resource_kind: 'messages', resource_id: classId }, '/messages');
      expect(parent.text).to.include('Sortie au musée');
      // Someone who may not see the class learns nothing of it, not even that it exists.
      const stranger = await lti.tool.signIn((await (await SchoolFactory.create(testDataSource())).director()).id);
      expect((await request(lti.tool.url).get(`/messages?class=${classId}`).set('Cookie', stranger.cookie)).status).to.equal(404);
    });
  });

  describe('the platform’s administrator, whom Moodle makes an Instructor of every course', () => {
    before(() => {
      lti.platform.addUser({ sub: 'moodle-admin', givenName: 'Admin', familyName: 'Utilisateur', roles: [ROLE.systemAdministrator, ROLE.administrator] });
      lti.platform.siteAdministrators.add('moodle-admin');
    });

    it('a launch carrying Instructor and Administrator gives no class role: the class does not list them', async () => {
      const response = await launch(lti.browser(), lti.platform, { user: 'moodle-admin', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      expect(response.headers.location).to.equal('/home');
      const actor = await loadActor(testDataSource(), await person('moodle-admin'), lti.clock.now());
      expect([actor.taughtClassIds.size, actor.enrolledClassIds.size, actor.rolesBySchool.size]).to.deep.equal([0, 0, 0]);
      expect(await countRows('teaching_assignment', 'classId = ? AND teacherId = ?', [classId, await person('moodle-admin')])).to.equal(0);
    });

    it('a teaching assignment only a launch created ends at the next roster sync that does not list them', async () => {
      // As launches made it before: the administrator taught the class on their launch's word alone.
      const admin = await person('moodle-admin');
      await provisionIdentity(
        testDataSource(),
        {
          issuer: lti.registration.identityIssuer,
          subject: 'moodle-admin',
          connectorId: `lti:${lti.registration.id}`,
          schools: [],
          classes: [{ school: { schoolId: lti.school.id }, externalRef: contextClassRef(lti.registration.id, 'ctx-cm1'), name: 'CM1 — Les Castors', as: 'teacher' }],
          children: [],
        },
        lti.clock.now(),
        { signIn: true },
      );
      expect((await loadActor(testDataSource(), admin, lti.clock.now())).taughtClassIds.has(classId)).to.equal(true);
      lti.clock.advanceMinutes(11);
      await launch(lti.browser(), lti.platform, { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      expect((await loadActor(testDataSource(), admin, lti.clock.now())).taughtClassIds.has(classId)).to.equal(false);
    });

    it('an administrator the roster lists as a member of the course teaches it', async () => {
      const enrolled = lti.platform.addUser({ sub: 'admin-teacher', givenName: 'Alix', familyName: 'Admin', roles: [ROLE.systemAdministrator, ROLE.instructor] });
      lti.platform.contexts.get('ctx-cm1')!.members.push(enrolled.sub);
      lti.clock.advanceMinutes(11);
      await launch(lti.browser(), lti.platform, { user: 'teacher-1', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      const actor = await loadActor(testDataSource(), await person('admin-teacher'), lti.clock.now());
      expect(actor.taughtClassIds.has(classId)).to.equal(true);
    });
  });

  describe('single-use message hints (Moodle keeps each launch under its hint and deletes it at first use)', () => {
    it('the platform refuses a replayed lti_message_hint', async () => {
      const login = await startLogin(lti.browser(), lti.platform, { user: 'pupil-3', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      await lti.platform.authorize(login.authorizationUrl);
      let refusal = '';
      await lti.platform.authorize(login.authorizationUrl).catch((error: Error) => (refusal = error.message));
      expect(refusal).to.include('Invalid request');
    });

    /** A launch back without its cookie, from a browser framing e-carnet (or not). */
    async function cookielessLaunch(headers: Record<string, string>) {
      const login = await startLogin(lti.browser(), lti.platform, { user: 'pupil-3', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      const form = await lti.platform.authorize(login.authorizationUrl);
      return request(lti.tool.url).post('/lti/launch').set(headers).type('form').send({ id_token: form.idToken, state: form.state });
    }

    it('without cookie nor storage, the new window asks the platform for a fresh launch of the activity, which signs the person in', async () => {
      const response = await cookielessLaunch({ 'Sec-Fetch-Dest': 'iframe' });
      expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
      expect(response.text).to.include('dans ce cadre');
      const fresh = newWindowLink(response.text);
      expect(fresh).to.match(new RegExp(`^${lti.platform.issuer}/mod/lti/launch\\.php\\?id=\\d+$`));

      // The new window: the platform (its own session says who) starts a fresh login with a new hint.
      const before = lti.platform.counts.activityLaunches;
      const page = await fetch(fresh, { headers: { cookie: 'sim_user=pupil-3' } });
      expect(page.status).to.equal(200);
      expect(lti.platform.counts.activityLaunches).to.equal(before + 1);
      const html = await page.text();
      const fields = Object.fromEntries([...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((match) => [match[1]!, htmlText(match[2]!)]));
      const window = lti.browser();
      const started = await window.post('/lti/login').type('form').send(fields);
      expect(started.status, started.text).to.equal(302);
      const form = await lti.platform.authorize(String(started.headers.location));
      const landed = await window.post('/lti/launch').type('form').send({ id_token: form.idToken, state: form.state });
      expect(landed.status, landed.text).to.equal(303);
    });

    it('speaks of "this frame" only when the launch came in a frame', async () => {
      const response = await cookielessLaunch({ 'Sec-Fetch-Dest': 'document' });
      expect(errorCode(response)).to.equal('LTI_STATE_MISMATCH');
      expect(response.text).not.to.include('dans ce cadre');
    });
  });

  describe('e-carnet on plain http, the ENT on another site', () => {
    it('a launch without its cookie says e-carnet must be served over https, in the page and in the log', async () => {
      const login = await startLogin(lti.browser(), lti.platform, { user: 'pupil-3', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      const form = await lti.platform.authorize(login.authorizationUrl);
      logLines.length = 0;
      const response = await request(lti.tool.url)
        .post('/lti/launch')
        .set('Sec-Fetch-Site', 'cross-site')
        .set('Sec-Fetch-Dest', 'iframe')
        .type('form')
        .send({ id_token: form.idToken, state: form.state });
      expect(response.status).to.equal(401);
      expect(errorCode(response)).to.equal('LTI_HTTPS_REQUIRED');
      expect(response.text).to.include('e-carnet doit être servi en https quand l’ENT est sur un autre site');
      expect(logLines.join('\n')).to.include('LTI_HTTPS_REQUIRED').and.to.include('Serve e-carnet over https');
    });

    it('browsers without Sec-Fetch-Site: the Origin header names the other site', async () => {
      const login = await startLogin(lti.browser(), lti.platform, { user: 'pupil-3', type: 'LtiResourceLinkRequest', contextId: 'ctx-cm1' });
      const form = await lti.platform.authorize(login.authorizationUrl);
      const response = await request(lti.tool.url).post('/lti/launch').set('Origin', 'http://ent.example').type('form').send({ id_token: form.idToken, state: form.state });
      expect(errorCode(response)).to.equal('LTI_HTTPS_REQUIRED');
    });
  });
});
