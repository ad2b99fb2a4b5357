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
});
