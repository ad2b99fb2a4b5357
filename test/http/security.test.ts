import { expect } from 'chai';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createTestApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

const PRODUCTION = {
  ECARNET_MODE: 'production',
  ECARNET_SECRET_KEY: 'k'.repeat(40),
  ECARNET_BASE_URL: 'https://e-carnet.example.fr',
  ECARNET_FRAME_ANCESTORS: 'https://ent.example.fr https://autre-ent.example.org',
};

describe('security headers and cookies', () => {
  it('lets only the configured ENTs frame the module (CSP frame-ancestors, no X-Frame-Options)', async () => {
    const { app } = createTestApp({ config: testConfig(PRODUCTION) });
    const response = await request(app).get('/sign-in');
    expect(response.headers['content-security-policy']).to.include(
      "frame-ancestors https://ent.example.fr https://autre-ent.example.org",
    );
    expect(response.headers['content-security-policy']).to.include("script-src 'self'").and.to.include('upgrade-insecure-requests');
    expect(response.headers).not.to.have.property('x-frame-options');
    expect(response.headers['referrer-policy']).to.equal('no-referrer');
    expect(response.headers['strict-transport-security']).to.match(/max-age=31536000/);
    expect(response.headers).not.to.have.property('x-powered-by');
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
    expect(response.headers['cross-origin-opener-policy']).to.equal('same-origin-allow-popups');
    expect(response.headers['cross-origin-resource-policy']).to.equal('same-origin');
    expect(response.headers['permissions-policy']).to.include('camera=()').and.to.include('microphone=()').and.to.include('geolocation=()');
  });

  it('sets Secure, HttpOnly, SameSite=None session cookies over https, for ENT iframes', async () => {
    const { app } = createTestApp({ config: testConfig(PRODUCTION) });
    // Behind the deployment's TLS proxy: the request reaches the app over http with the cookie policy of https.
    const response = await request(app).get('/sign-in');
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).to.match(/^ecarnet_session=[\w-]{43};/);
    expect(cookie).to.include('HttpOnly').and.to.include('Secure').and.to.include('SameSite=None').and.to.include('Path=/');
  });

  it('falls back to SameSite=Lax without Secure on a plain-http demo', async () => {
    const { app } = createTestApp();
    const cookie = (await request(app).get('/sign-in')).headers['set-cookie']?.[0] ?? '';
    expect(cookie).to.include('SameSite=Lax').and.not.to.include('Secure');
    expect((await request(app).get('/sign-in')).headers['content-security-policy']).to.include("frame-ancestors 'self'");
  });

  it('keeps personal pages and API answers out of caches', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie } = await signIn((await school.director()).id);
    expect((await request(app).get('/home').set('Cookie', cookie)).headers['cache-control']).to.equal('private, no-store');
    expect((await request(app).get('/api/v1/me').set('Cookie', cookie)).headers['cache-control']).to.equal('private, no-store');
  });

  it('stores only a hash of the session token', async () => {
    const { app } = createTestApp();
    const cookie = (await request(app).get('/sign-in')).headers['set-cookie']?.[0] ?? '';
    const token = /^ecarnet_session=([^;]+)/.exec(cookie)?.[1];
    expect(token).to.be.a('string');
    const rows = (await testDataSource().query('SELECT tokenHash FROM http_session WHERE tokenHash = ?', [token])) as unknown[];
    expect(rows).to.have.length(0);
  });

  it('builds language links that stay on the page, even on a path that looks like another host', async () => {
    const { app } = createTestApp();
    const page = await request(app).get('//evil.example/login').set('Accept', 'text/html');
    expect(page.text).to.include('href="?lang&#x3D;en"');
    expect(page.text).not.to.include('href="//evil.example');
  });

  it('does not tell a parent kept away from every child which school they were linked to', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const parent = await school.guardian([child], { status: 'noAccess', legalBasis: true });
    const { app, signIn } = createTestApp();
    const me = (await request(app).get('/api/v1/me').set('Cookie', (await signIn(parent.id)).cookie)).body;
    expect(me.schools).to.deep.equal([]);
  });

  it('refuses to send a signed-in person elsewhere after sign-in (no open redirect)', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie } = await signIn((await school.director()).id);
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example']) {
      const response = await request(app).get(`/sign-in?next=${encodeURIComponent(next)}`).set('Cookie', cookie);
      expect(response.headers.location, next).to.equal('/home');
    }
    const inside = await request(app).get(`/sign-in?next=${encodeURIComponent('/classes/abc')}`).set('Cookie', cookie);
    expect(inside.headers.location).to.equal('/classes/abc');
  });
});

describe('mounting inside a host application', () => {
  it('works under a host path: routes, links, redirects and cookie path follow the mount point', async () => {
    const config = testConfig({ ECARNET_BASE_URL: 'http://ent.example.test/modules/e-carnet' });
    const host = express();
    host.get('/', (_req, res) => {
      res.send('host home');
    });
    host.use('/modules/e-carnet', createApp(config, { dataSource: testDataSource(), logger: pino({ level: 'silent' }) }));

    expect((await request(host).get('/')).text).to.equal('host home');
    expect((await request(host).get('/modules/e-carnet/healthz')).body).to.deep.equal({ status: 'ok' });
    expect((await request(host).get('/modules/e-carnet/')).headers.location).to.equal('/modules/e-carnet/sign-in');

    const signInPage = await request(host).get('/modules/e-carnet/sign-in');
    expect(signInPage.text).to.include('href="/modules/e-carnet/static/app.css"');
    expect(signInPage.headers['set-cookie']?.[0]).to.include('Path=/modules/e-carnet');
    expect((await request(host).get('/modules/e-carnet/static/app.css')).status).to.equal(200);
    expect((await request(host).get('/modules/e-carnet/manifest.json')).body.endpoints.health).to.equal(
      'http://ent.example.test/modules/e-carnet/healthz',
    );
  });
});
