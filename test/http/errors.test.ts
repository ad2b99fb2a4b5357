import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import pino from 'pino';
import { createTestApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { createDataSource } from '../../src/db/data-source.js';

describe('HTTP errors: each bad input gets its own stable code, and the app keeps serving', () => {
  it('answers an unknown route with NOT_FOUND, as JSON for the API and as a page for browsers', async () => {
    const { app } = createTestApp();
    const api = await request(app).get('/api/v1/nothing-here');
    expect(api.status).to.equal(404);
    expect(api.body.error.code).to.equal('NOT_FOUND');
    const page = await request(app).get('/nothing-here').set('Accept', 'text/html');
    expect(page.status).to.equal(404);
    expect(page.type).to.equal('text/html');
    expect(page.text).to.include('Cette page n’existe pas').and.to.include('NOT_FOUND');
  });

  it('answers malformed JSON with MALFORMED_JSON, then serves the next request', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie, csrfToken } = await signIn((await school.director()).id);
    const response = await request(app)
      .put('/api/v1/pupils/00000000-0000-4000-8000-000000000000/image-consent')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .set('Content-Type', 'application/json')
      .send('{"scope": ');
    expect(response.status).to.equal(400);
    expect(response.body.error).to.deep.include({ code: 'MALFORMED_JSON' });
    expect((await request(app).get('/healthz')).status).to.equal(200);
  });

  it('answers an oversized body with BODY_TOO_LARGE', async () => {
    const { app } = createTestApp({ config: testConfig({ ECARNET_BODY_LIMIT_KB: '16' }) });
    const response = await request(app)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(20 * 1024) }));
    expect(response.status).to.equal(413);
    expect(response.body.error.code).to.equal('BODY_TOO_LARGE');
  });

  it('asks for sign-in without a session, and says the session expired when it did', async () => {
    const { app, signIn, clock } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const anonymous = await request(app).get('/api/v1/me');
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body.error.code).to.equal('AUTHENTICATION_REQUIRED');

    const { cookie } = await signIn((await school.director()).id);
    expect((await request(app).get('/api/v1/me').set('Cookie', cookie)).status).to.equal(200);
    clock.advanceMinutes(121); // idle timeout is 120 minutes
    const expired = await request(app).get('/api/v1/me').set('Cookie', cookie);
    expect(expired.status).to.equal(401);
    expect(expired.body.error.code).to.equal('SESSION_EXPIRED');
    expect(expired.headers['set-cookie']?.[0]).to.match(/^ecarnet_session=;/);

    const page = await request(app).get('/home').set('Cookie', cookie).set('Accept', 'text/html');
    expect(page.status).to.equal(303);
    expect(page.headers.location).to.equal('/sign-in?next=%2Fhome&expired=1');
  });

  it('keeps a session alive while it is used, up to its absolute limit', async () => {
    const { app, signIn, clock } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie } = await signIn((await school.director()).id);
    for (let hour = 0; hour < 11; hour += 1) {
      clock.advanceMinutes(60);
      expect((await request(app).get('/api/v1/me').set('Cookie', cookie)).status, `hour ${hour + 1}`).to.equal(200);
    }
    clock.advanceMinutes(61); // 12 h 01 after sign-in
    expect((await request(app).get('/api/v1/me').set('Cookie', cookie)).body.error.code).to.equal('SESSION_EXPIRED');
  });

  it('refuses a state-changing request without its CSRF token, or with a wrong one', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const { cookie, csrfToken } = await signIn((await school.director()).id);
    const url = `/api/v1/pupils/${child.id}/image-consent`;
    const body = { scope: 'class', evidence: 'form' };

    const missing = await request(app).put(url).set('Cookie', cookie).send(body);
    expect(missing.status).to.equal(403);
    expect(missing.body.error.code).to.equal('CSRF_TOKEN_MISSING');
    const wrong = await request(app).put(url).set('Cookie', cookie).set('X-CSRF-Token', `${csrfToken.slice(1)}x`).send(body);
    expect(wrong.status).to.equal(403);
    expect(wrong.body.error.code).to.equal('CSRF_TOKEN_INVALID');
    const none = await request(app).put(url).send(body);
    expect(none.body.error.code).to.equal('CSRF_TOKEN_MISSING');
    const right = await request(app).put(url).set('Cookie', cookie).set('X-CSRF-Token', csrfToken).send(body);
    expect(right.status).to.equal(204);
  });

  it('accepts the token from a form field too', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie, csrfToken } = await signIn((await school.director()).id);
    const response = await request(app).post('/sign-out').set('Cookie', cookie).type('form').send({ _csrf: csrfToken });
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal('/sign-in?signedOut=1');
    expect((await request(app).get('/api/v1/me').set('Cookie', cookie)).body.error.code).to.equal('SESSION_EXPIRED');
  });

  it('lists each invalid field under VALIDATION_FAILED', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const parent = await school.guardian([child]);
    const { cookie, csrfToken } = await signIn((await school.director()).id);
    const response = await request(app)
      .put(`/api/v1/pupils/${child.id}/guardians/${parent.id}/status`)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .send({ status: 'noAccess', legalBasisDate: '2026-02-30' });
    expect(response.status).to.equal(400);
    expect(response.body.error.code).to.equal('VALIDATION_FAILED');
    expect(response.body.error.fields.map((f: { field: string }) => f.field).sort()).to.deep.equal([
      'legalBasisDate',
      'legalBasisKind',
      'legalBasisReference',
    ]);
  });

  it('never shows an internal message or stack in a 5xx, and still answers after', async () => {
    const broken = createDataSource({ kind: 'mysql', url: 'mysql://nobody@127.0.0.1:1/nothing', database: 'nothing' });
    const app = createApp(testConfig(), { dataSource: broken, logger: pino({ level: 'silent' }) });
    const response = await request(app).get('/api/v1/me').set('Cookie', 'ecarnet_session=abc');
    expect(response.status).to.equal(500);
    expect(response.body).to.deep.equal({
      error: {
        code: 'INTERNAL_ERROR',
        message: 'Une erreur inattendue s’est produite. L’équipe technique a été prévenue ; réessayez dans quelques minutes.',
      },
    });
    expect(JSON.stringify(response.body)).not.to.match(/mysql|ECONNREFUSED|at \w+/i);
    const page = await request(app).get('/home').set('Cookie', 'ecarnet_session=abc').set('Accept', 'text/html');
    expect(page.status).to.equal(500);
    expect(page.text).not.to.match(/DataSource|ECONNREFUSED|node_modules/);
    expect((await request(app).get('/healthz')).status).to.equal(200);
  });

  it('reports the database as not ready on /readyz when it cannot be reached', async () => {
    const broken = createDataSource({ kind: 'mysql', url: 'mysql://nobody@127.0.0.1:1/nothing', database: 'nothing' });
    const app = createApp(testConfig(), { dataSource: broken, logger: pino({ level: 'silent' }) });
    const response = await request(app).get('/readyz');
    expect(response.status).to.equal(503);
    expect(response.body.error.code).to.equal('SERVICE_UNAVAILABLE');
    expect(response.headers['retry-after']).to.match(/^\d+$/);
    const { app: healthy } = createTestApp();
    expect((await request(healthy).get('/readyz')).body).to.deep.equal({ status: 'ready' });
  });

  it('refuses an API body that is not JSON with UNSUPPORTED_MEDIA_TYPE', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const child = await school.pupil(await school.class());
    const { cookie, csrfToken } = await signIn((await school.director()).id);
    const response = await request(app)
      .put(`/api/v1/pupils/${child.id}/image-consent`)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .set('Content-Type', 'text/plain')
      .send('scope=class');
    expect(response.status).to.equal(415);
    expect(response.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a path with broken %-encoding with BAD_REQUEST, not a 5xx', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/api/v1/pupils/%ZZ');
    expect(response.status).to.equal(400);
    expect(response.body.error.code).to.equal('BAD_REQUEST');
  });

  it('tells a visitor who never signed in to sign in, not that a session expired', async () => {
    const { app } = createTestApp();
    const visitor = (await request(app).get('/demo')).headers['set-cookie']![0]!.split(';')[0]!;
    const api = await request(app).get('/api/v1/me').set('Cookie', visitor);
    expect(api.body.error.code).to.equal('AUTHENTICATION_REQUIRED');
    const page = await request(app).get('/home').set('Cookie', visitor).set('Accept', 'text/html');
    expect(page.headers.location).to.equal('/sign-in?next=%2Fhome');
  });

  it('answers errors found before the language is chosen (unreadable bodies) in the reader’s language', async () => {
    const { app } = createTestApp();
    const response = await request(app).post('/api/v1/x').set('Accept-Language', 'en').set('Content-Type', 'application/json').send('{"a":');
    expect(response.body.error).to.deep.equal({ code: 'MALFORMED_JSON', message: 'The data sent cannot be read (malformed JSON).' });
  });

  it('translates error messages into the reader’s language', async () => {
    const { app } = createTestApp();
    const response = await request(app).get('/api/v1/me').set('Accept-Language', 'es-ES,es;q=0.9');
    expect(response.body.error.message).to.equal('Inicie sesión para ver esta página.');
  });
});
