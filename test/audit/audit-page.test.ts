import { expect } from 'chai';
import request from 'supertest';
import { recordAuditEvent } from '../../src/audit/record-audit-event.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('the audit log page', () => {
  it('shows each record’s detail as translated terms and values, not JSON', async () => {
    const { app, signIn, clock } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    await recordAuditEvent(testDataSource().manager, {
      schoolId: school.id,
      actorId: director.id,
      action: 'guardianship.statusChanged',
      subjectKind: 'guardianship',
      subjectId: null,
      detail: { from: 'full', to: 'noAccess', provisioned: true, items: ['a', 'b'] },
      at: clock.now(),
    });
    const { cookie } = await signIn(director.id);
    const page = await request(app).get(`/schools/${school.id}/audit`).set('Cookie', cookie).set('Accept', 'text/html');
    expect(page.status).to.equal(200);
    expect(page.text).not.to.include('{&quot;').and.not.to.include('{"from"');
    expect(page.text).to.include('<dt>Avant</dt><dd>full</dd>').and.to.include('<dt>Après</dt><dd>noAccess</dd>');
    expect(page.text).to.include('<dt>Créé automatiquement</dt><dd>oui</dd>').and.to.include('<dd>a, b</dd>');

    const english = await request(app).get(`/schools/${school.id}/audit?lang=en`).set('Cookie', cookie).set('Accept', 'text/html').set('Accept-Language', 'en');
    expect(english.text).to.include('<dt>Before</dt>');
  });

  it('lists the same records on the page and through the API, for the director only', async () => {
    const { app, signIn, clock } = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    const teacher = await school.teacher([await school.class()]);
    for (const action of ['guardianship.statusChanged', 'imageConsent.recorded']) {
      clock.advanceMinutes(1);
      await recordAuditEvent(testDataSource().manager, { schoolId: school.id, actorId: director.id, action, subjectKind: 'pupil', subjectId: null, detail: {}, at: clock.now() });
    }
    const asDirector = await signIn(director.id);
    const page = await request(app).get(`/schools/${school.id}/audit`).set('Cookie', asDirector.cookie).set('Accept', 'text/html');
    const api = await request(app).get(`/api/v1/schools/${school.id}/audit-events`).set('Cookie', asDirector.cookie).set('Accept', 'application/json');
    expect([page.status, api.status]).to.deep.equal([200, 200]);
    const onPage = [...page.text.matchAll(/<time datetime="([^"]+)">/g)].map((match) => match[1]);
    const byApi = (api.body as { events: { at: string; action: string }[] }).events;
    expect(byApi.map((event) => event.action)).to.deep.equal(['imageConsent.recorded', 'guardianship.statusChanged']);
    expect(onPage).to.deep.equal(byApi.map((event) => event.at));

    const asTeacher = await signIn(teacher.id);
    const refusedPage = await request(app).get(`/schools/${school.id}/audit`).set('Cookie', asTeacher.cookie).set('Accept', 'application/json');
    const refusedApi = await request(app).get(`/api/v1/schools/${school.id}/audit-events`).set('Cookie', asTeacher.cookie).set('Accept', 'application/json');
    expect([refusedPage.status, refusedApi.status]).to.deep.equal([404, 404]);
  });
});
