import { expect } from 'chai';
import request from 'supertest';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('A malformed id in an address', () => {
  it('shows the same not-found page as any address that leads nowhere', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie } = await signIn((await school.director()).id);
    const page = await request(app).get('/portfolio/entries/not-an-id').set('Cookie', cookie).set('Accept', 'text/html');
    expect(page.status).to.equal(404);
    expect(page.type).to.equal('text/html');
    expect(page.text).to.include('Cette page n’existe pas').and.to.include('NOT_FOUND');
    expect(page.text).not.to.include('entryId');
  });

  it('keeps answering the JSON API with VALIDATION_FAILED and the field at fault', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie } = await signIn((await school.director()).id);
    const api = await request(app).get('/api/v1/children/not-an-id/timeline').set('Cookie', cookie);
    expect(api.status).to.equal(400);
    expect(api.body.error.code).to.equal('VALIDATION_FAILED');
    expect(api.body.error.fields[0].field).to.equal('pupilId');
  });

  it('still explains a malformed form field on a page with an id in its address', async () => {
    const { app, signIn } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const { cookie, csrfToken } = await signIn((await school.director()).id);
    const page = await request(app)
      .post('/portfolio/entries/00000000-0000-4000-8000-000000000000/schedule')
      .set('Cookie', cookie)
      .set('Accept', 'text/html')
      .type('form')
      .send({ _csrf: csrfToken, when: 'someday' });
    expect(page.status).to.equal(400);
    expect(page.text).to.include('VALIDATION_FAILED');
  });
});
