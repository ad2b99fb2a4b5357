import { expect } from 'chai';
import request from 'supertest';
import { platformEntrySchema } from '../../src/config/file-schema.js';
import { LTI_CLAIM } from '../../src/lti/claims.js';
import { syncConfiguredPlatforms } from '../../src/lti/platforms/configured-platforms.js';
import { LtiPlatform } from '../../src/model/lti-platform.js';
import { readLaunchMessage } from '../../src/lti/launch/launch-message.js';
import { isAcceptablePlatformUrl } from '../../src/lti/registration/acceptable-url.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { LtiPlatformSimulator } from '../support/lti-platform.js';
import { errorCode, htmlText } from './support/launch.js';
import { startTool } from './support/tool.js';

/*
 * What e-carnet calls or sends people to on a platform's word: in production only HTTPS, never
 * with credentials in the URL, never an address of this machine or its private network (dynamic
 * registration must not become a way to reach internal services). Registration links are
 * rate-limited, and configured platforms are bounded like the columns that keep them.
 */
describe('LTI platform URLs', function () {
  this.timeout(30_000);

  describe('which URLs are acceptable', () => {
    it('production refuses plain HTTP, credentials in the URL, and anything that is not a public address', async () => {
      for (const url of [
        'http://ent.example.fr/.well-known/openid-configuration',
        'https://user:secret@ent.example.fr/jwks',
        'https://127.0.0.1/jwks',
        'https://127.8.9.10:8443/jwks',
        'https://localhost/jwks',
        'https://10.1.2.3/jwks',
        'https://172.16.0.1/jwks',
        'https://192.168.1.10/jwks',
        'https://169.254.169.254/latest/meta-data',
        'https://100.64.0.1/jwks',
        'https://0.0.0.0/jwks',
        'https://[::1]/jwks',
        'https://[fe80::1]/jwks',
        'https://[fd00::1]/jwks',
        'https://[::ffff:127.0.0.1]/jwks',
        'ftp://ent.example.fr/jwks',
        'not a url',
      ]) {
        expect(await isAcceptablePlatformUrl(url, 'production'), url).to.equal(false);
      }
    });

    it('production accepts HTTPS to a public address', async () => {
      expect(await isAcceptablePlatformUrl('https://93.184.215.14/jwks', 'production')).to.equal(true);
      expect(await isAcceptablePlatformUrl('https://[2001:4860:4860::8888]/jwks', 'production')).to.equal(true);
    });

    it('outside production, a platform on this machine may speak plain HTTP (tests and demos)', async () => {
      expect(await isAcceptablePlatformUrl('http://127.0.0.1:8080/jwks', 'demo')).to.equal(true);
      expect(await isAcceptablePlatformUrl('http://ent.example.fr/jwks', 'demo')).to.equal(false);
    });
  });

  describe('service and return URLs of a launch', () => {
    const base = {
      iss: 'https://ent.example.fr',
      sub: 'someone',
      [LTI_CLAIM.version]: '1.3.0',
      [LTI_CLAIM.deploymentId]: 'd-1',
      [LTI_CLAIM.roles]: [],
    };
    it('production refuses a plain-HTTP membership service (the bearer token would travel in clear)', () => {
      const payload = {
        ...base,
        [LTI_CLAIM.messageType]: 'LtiResourceLinkRequest',
        [LTI_CLAIM.targetLinkUri]: 'https://e-carnet.example.fr/lti/launch',
        [LTI_CLAIM.resourceLink]: { id: 'r' },
        [LTI_CLAIM.namesRoleService]: { context_memberships_url: 'http://ent.example.fr/nrps/1' },
      };
      expect(() => readLaunchMessage(payload, 'https://e-carnet.example.fr/lti/launch', 'production')).to.throw('LTI_CLAIM_INVALID');
      expect(readLaunchMessage(payload, 'https://e-carnet.example.fr/lti/launch', 'demo').membershipsUrl).to.equal('http://ent.example.fr/nrps/1');
    });
    it('production refuses a plain-HTTP deep-linking return URL (the signed answer would travel in clear)', () => {
      const payload = {
        ...base,
        [LTI_CLAIM.messageType]: 'LtiDeepLinkingRequest',
        [LTI_CLAIM.deepLinkingSettings]: { deep_link_return_url: 'http://ent.example.fr/return', accept_types: ['ltiResourceLink'] },
      };
      expect(() => readLaunchMessage(payload, 'https://e-carnet.example.fr/lti/launch', 'production')).to.throw('LTI_DEEP_LINK_SETTINGS_INVALID');
    });
  });

  describe('configured platforms', () => {
    const entry = {
      issuer: 'https://ent.example.fr',
      clientId: 'e-carnet',
      deploymentIds: ['1'],
      authLoginUrl: 'https://ent.example.fr/auth',
      authTokenUrl: 'https://ent.example.fr/token',
      keysetUrl: 'https://ent.example.fr/jwks',
    };
    it('are bounded like the columns that keep them, with HTTPS endpoints and no credentials', () => {
      expect(platformEntrySchema.safeParse(entry).success).to.equal(true);
      expect(platformEntrySchema.safeParse({ ...entry, authLoginUrl: 'http://127.0.0.1:8080/auth' }).success, 'a local platform').to.equal(true);
      for (const [field, value] of [
        ['clientId', 'c'.repeat(192)],
        ['issuer', `https://ent.example.fr/${'i'.repeat(180)}`],
        ['deploymentIds', ['d'.repeat(192)]],
        ['authLoginUrl', 'http://ent.example.fr/auth'],
        ['keysetUrl', 'https://user:pw@ent.example.fr/jwks'],
        ['authTokenUrl', `https://ent.example.fr/${'t'.repeat(2000)}`],
        ['name', ''],
      ] as const) {
        expect(platformEntrySchema.safeParse({ ...entry, [field]: value }).success, field).to.equal(false);
      }
    });
  });

  describe('configured platforms in production', () => {
    it('one whose endpoints are on a private address is left out, and switched off if it was in', async () => {
      const now = new Date('2026-11-20T09:00:00.000Z');
      const entry = {
        issuer: `https://93.184.215.14/ent-${Date.now()}`,
        clientId: 'e-carnet',
        deploymentIds: ['1'],
        authLoginUrl: 'https://93.184.215.14/auth',
        authTokenUrl: 'https://93.184.215.14/token',
        keysetUrl: 'https://93.184.215.14/jwks',
      };
      expect(await syncConfiguredPlatforms(testDataSource(), [entry], now, 'production')).to.deep.equal([]);
      const registration = await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ issuer: entry.issuer });
      expect(registration.disabledAt).to.equal(null);
      const internal = { ...entry, keysetUrl: 'https://10.0.0.5/jwks' };
      expect(await syncConfiguredPlatforms(testDataSource(), [internal], now, 'production')).to.deep.equal([internal]);
      expect((await testDataSource().getRepository(LtiPlatform).findOneByOrFail({ id: registration.id })).disabledAt).not.to.equal(null);
    });
  });

  describe('dynamic registration', () => {
    it('a registration link opens the platform’s configuration a limited number of times', async () => {
      const clock = new TestClock();
      const tool = await startTool({ clock });
      const platform = await LtiPlatformSimulator.start({ clock });
      try {
        const school = await SchoolFactory.create(testDataSource());
        const director = await tool.signIn((await school.director()).id);
        const created = await request(tool.url)
          .post('/lti/registrations/invites')
          .set('Cookie', director.cookie)
          .type('form')
          .send({ _csrf: director.csrfToken, schoolId: school.id });
        const link = new URL(htmlText(/class="lti-invite"[^>]* value="([^"]+)"/.exec(created.text)?.[1] ?? ''));
        link.searchParams.set('openid_configuration', platform.endpoints.openidConfiguration);
        const open = () => request(tool.url).get(`/lti/register${link.search}`);
        for (let index = 0; index < 20; index += 1) expect((await open()).status).to.equal(200);
        const fetched = platform.counts.configuration;
        const limited = await open();
        expect([limited.status, errorCode(limited)]).to.deep.equal([429, 'LTI_TOO_MANY_REQUESTS']);
        expect(platform.counts.configuration, 'nothing fetched once limited').to.equal(fetched);
        clock.advanceMinutes(61);
        expect((await open()).status).to.equal(200);
      } finally {
        await platform.close();
        await tool.close();
      }
    });
  });
});
