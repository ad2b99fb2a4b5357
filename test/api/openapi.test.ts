import { expect } from 'chai';
import request from 'supertest';
import type { z } from 'zod';
import {
  auditEventsResponse,
  childrenResponse,
  classesResponse,
  errorResponse,
  meResponse,
  pupilResponse,
  rosterResponse,
} from '../../src/api/response-schemas.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

function conforms(schema: z.ZodType, body: unknown): void {
  const result = schema.safeParse(body);
  expect(result.success, result.success ? '' : JSON.stringify(result.error.issues)).to.equal(true);
}

describe('JSON API and its OpenAPI document', () => {
  it('serves an OpenAPI 3.1 document listing every endpoint with its schemas', async () => {
    const { app } = createTestApp();
    const document = (await request(app).get('/api/v1/openapi.json')).body;
    expect(document.openapi).to.equal('3.1.0');
    expect(document.servers[0].url).to.equal('http://localhost:3000/api/v1');
    expect(Object.keys(document.paths).sort()).to.deep.equal([
      '/',
      '/calendar-feeds/{token}.ics',
      '/children',
      '/children/{pupilId}/booklet',
      '/children/{pupilId}/portfolio.zip',
      '/children/{pupilId}/sharing',
      '/children/{pupilId}/sharing/invites',
      '/children/{pupilId}/sharing/links',
      '/children/{pupilId}/skills',
      '/children/{pupilId}/timeline',
      '/classes',
      '/classes/{classId}/entries',
      '/classes/{classId}/media',
      '/classes/{classId}/portfolio',
      '/classes/{classId}/portfolio/import',
      '/classes/{classId}/pupils',
      '/classes/{classId}/qr-codes',
      '/classes/{classId}/sharing',
      '/classes/{classId}/welcome-letters',
      '/data-requests/{requestId}',
      '/entries/{entryId}',
      '/entries/{entryId}/draft',
      '/entries/{entryId}/responses',
      '/entries/{entryId}/schedule',
      '/entries/{entryId}/withdraw',
      '/healthz',
      '/invites',
      '/lti/jwks',
      '/manifest.json',
      '/me',
      '/me/calendar-feed',
      '/me/data.zip',
      '/me/notification-preferences',
      '/me/paper-channel',
      '/me/push-subscriptions',
      '/media/{mediumId}/tags',
      '/meeting-campaigns',
      '/meeting-campaigns/{campaignId}',
      '/meeting-campaigns/{campaignId}/invitations',
      '/meeting-campaigns/{campaignId}/slots',
      '/meeting-slots/{slotId}/bookings',
      '/meetings/{bookingId}',
      '/meetings/{bookingId}/calendar.ics',
      '/meetings/{bookingId}/cancel',
      '/meetings/{bookingId}/comment',
      '/meetings/{bookingId}/move',
      '/meetings/{bookingId}/publish',
      '/meetings/{bookingId}/record',
      '/message-files',
      '/messages',
      '/messages/{messageId}',
      '/messages/{messageId}/acknowledge',
      '/messages/{messageId}/answer',
      '/messages/{messageId}/paper',
      '/messages/{messageId}/paper-answers',
      '/messages/{messageId}/paper-copies',
      '/messages/{messageId}/reactions',
      '/messages/{messageId}/read',
      '/messages/{messageId}/recall',
      '/messages/{messageId}/receipts',
      '/messages/{messageId}/replies',
      '/openapi.json',
      '/pupils/{pupilId}',
      '/pupils/{pupilId}/guardians/{guardianId}/status',
      '/pupils/{pupilId}/image-consent',
      '/readyz',
      '/responses/{responseId}/moderation',
      '/schools/{schoolId}/audit-events',
      '/schools/{schoolId}/classes/{classId}/directory-sync',
      '/schools/{schoolId}/data-requests',
      '/schools/{schoolId}/engagement',
      '/schools/{schoolId}/engagement/families',
      '/schools/{schoolId}/engagement/families/{guardianId}/actions',
      '/schools/{schoolId}/meeting-participation',
      '/schools/{schoolId}/messaging-settings',
      '/schools/{schoolId}/retention',
      '/schools/{schoolId}/retention/delay',
      '/schools/{schoolId}/retention/holds',
      '/schools/{schoolId}/retention/holds/{holdId}',
      '/schools/{schoolId}/sharing-settings',
      '/schools/{schoolId}/skills',
      '/sharing/grants/{grantId}/expiry',
      '/sharing/grants/{grantId}/revoke',
      '/skills/{skillId}',
    ]);
    const status = document.paths['/pupils/{pupilId}/guardians/{guardianId}/status'].put;
    expect(status.requestBody.content['application/json'].schema.properties.status.enum).to.deep.equal([
      'full',
      'informationOnly',
      'noAccess',
    ]);
    expect(status.parameters.map((p: { name: string }) => p.name)).to.deep.equal(['pupilId', 'guardianId', 'x-csrf-token']);
    // The query string a route reads is declared, checked and documented like its path.
    const timeline = document.paths['/children/{pupilId}/timeline'].get;
    expect(timeline.parameters.map((p: { in: string; name: string; required: boolean }) => `${p.in}:${p.name}:${p.required}`)).to.deep.equal(['path:pupilId:true', 'query:before:false']);
    // Routes outside /api/v1 keep their real paths, served from the app's root.
    expect(document.paths['/children/{pupilId}/portfolio.zip'].servers).to.deep.equal([{ url: 'http://localhost:3000', description: 'Outside /api/v1: the path is from the root of the app' }]);
    expect(document.paths['/children/{pupilId}/portfolio.zip'].get.responses['200'].content).to.have.property('application/zip');
    expect(document.paths['/classes/{classId}/portfolio/import'].post.parameters.map((p: { name: string }) => p.name)).to.deep.equal(['classId', 'pupilId']);
    expect(document.paths['/me'].get.responses['200'].content['application/json'].schema.properties).to.have.property('csrfToken');
    // A QR code's validity: each unit with its own bounds, the same shape to read and to write.
    const validity = document.paths['/schools/{schoolId}/sharing-settings'].put.requestBody.content['application/json'].schema.properties.qrValidity;
    expect(validity.oneOf.map((option: { properties: { unit: { const: string }; amount: { minimum: number; maximum: number } } }) => [option.properties.unit.const, option.properties.amount.minimum, option.properties.amount.maximum])).to.deep.equal([
      ['hours', 1, 23],
      ['days', 1, 366],
      ['months', 1, 12],
    ]);
    const classSharing = document.paths['/classes/{classId}/sharing'].get.responses['200'].content['application/json'].schema;
    expect(classSharing.properties.qrValidity).to.deep.equal(validity);
    expect(classSharing.properties).not.to.have.property('qrValidityDays');
  });

  it('sends what the document describes, for each endpoint', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const child = await school.pupil(klass);
    const parent = await school.guardian([child]);
    await school.teacher([klass]);
    const director = await school.director();
    await school.consent(child, 'class', director);
    const { app, signIn } = createTestApp();

    const asParent = await signIn(parent.id);
    conforms(meResponse, (await request(app).get('/api/v1/me').set('Cookie', asParent.cookie)).body);
    const children = (await request(app).get('/api/v1/children').set('Cookie', asParent.cookie)).body;
    conforms(childrenResponse, children);
    expect(children.children).to.have.length(1);
    expect(children.children[0].classes[0].teachers).to.have.length(1);

    const asDirector = await signIn(director.id);
    conforms(classesResponse, (await request(app).get('/api/v1/classes').set('Cookie', asDirector.cookie)).body);
    conforms(rosterResponse, (await request(app).get(`/api/v1/classes/${klass.id}/pupils`).set('Cookie', asDirector.cookie)).body);
    conforms(pupilResponse, (await request(app).get(`/api/v1/pupils/${child.id}`).set('Cookie', asDirector.cookie)).body);
    await request(app)
      .put(`/api/v1/pupils/${child.id}/image-consent`)
      .set('Cookie', asDirector.cookie)
      .set('X-CSRF-Token', asDirector.csrfToken)
      .send({ scope: 'school', evidence: 'avenant signé' })
      .expect(204);
    const audit = (await request(app).get(`/api/v1/schools/${school.id}/audit-events`).set('Cookie', asDirector.cookie)).body;
    conforms(auditEventsResponse, audit);
    expect(audit.events[0].action).to.equal('imageConsent.recorded');
    conforms(errorResponse, (await request(app).get(`/api/v1/schools/${school.id}/audit-events`).set('Cookie', asParent.cookie)).body);
  });
});
