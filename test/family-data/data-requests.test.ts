import { expect } from 'chai';
import request from 'supertest';
import { oneMonthAfter } from '../../src/family-data/data-requests.js';
import { DataRequest } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from '../messaging/fixture.js';

describe('rectification and erasure requests, answered by the head of school within a month', () => {
  let school: MessagingSchool;
  let sessions: Sessions;

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp());
    sessions.testApp.clock.set('2027-01-31T10:00:00.000Z');
  });

  it('counts a month as the calendar does', () => {
    expect(oneMonthAfter(new Date('2027-01-31T10:00:00.000Z')).toISOString()).to.equal('2027-02-28T10:00:00.000Z');
    expect(oneMonthAfter(new Date('2027-03-15T08:30:00.000Z')).toISOString()).to.equal('2027-04-15T08:30:00.000Z');
  });

  it('records a rectification with its deadline, answers it once, and shows it overdue when late', async () => {
    const director = apiAs(sessions, school.director);
    const recorded = await director.post(`/schools/${school.factory.id}/data-requests`, {
      requesterId: school.mother.id,
      subjectId: school.leo.id,
      kind: 'rectification',
      details: 'Le deuxième prénom de Léo est mal orthographié.',
    });
    expect(recorded.status, recorded.text).to.equal(201);
    expect(recorded.body).to.include({ status: 'open', dueAt: '2027-02-28T10:00:00.000Z', overdue: false });

    sessions.testApp.clock.set('2027-03-01T09:00:00.000Z');
    const listed = await director.get(`/schools/${school.factory.id}/data-requests`);
    expect(listed.body.requests.map((request: { id: string; overdue: boolean }) => [request.id, request.overdue])).to.deep.equal([[recorded.body.id, true]]);

    const answered = await director.put(`/data-requests/${recorded.body.id}`, { status: 'done', answer: 'Corrigé dans la base élèves.' });
    expect(answered.status, answered.text).to.equal(200);
    expect(answered.body).to.include({ status: 'done', overdue: false });
    const again = await director.put(`/data-requests/${recorded.body.id}`, { status: 'refused', answer: 'Non.' });
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'DATA_REQUEST_ALREADY_ANSWERED']);
    const audits = (await testDataSource().query("SELECT action FROM audit_event WHERE subjectId = ? ORDER BY at", [recorded.body.id])) as { action: string }[];
    expect(audits.map((audit) => audit.action)).to.deep.equal(['dataRequest.recorded', 'dataRequest.answered']);
  });

  it('refuses to erase a child’s data at one parent’s request while another guardian follows the child, writing nothing', async () => {
    const before = await testDataSource().getRepository(DataRequest).countBy({ schoolId: school.factory.id });
    const refused = await apiAs(sessions, school.director).post(`/schools/${school.factory.id}/data-requests`, {
      requesterId: school.mother.id,
      subjectId: school.leo.id,
      kind: 'erasure',
      details: 'Effacez tout.',
    });
    expect([refused.status, refused.body.error.code]).to.deep.equal([409, 'DATA_ERASURE_CHILD_STILL_FOLLOWED']);
    const stranger = await apiAs(sessions, school.director).post(`/schools/${school.factory.id}/data-requests`, {
      requesterId: school.zoeParent.id,
      subjectId: school.leo.id,
      kind: 'rectification',
      details: 'Pas son enfant.',
    });
    expect([stranger.status, stranger.body.error.code]).to.deep.equal([400, 'DATA_REQUEST_PERSON_UNKNOWN']);
    expect(await testDataSource().getRepository(DataRequest).countBy({ schoolId: school.factory.id })).to.equal(before);
    // The guardian's own data is theirs to have erased.
    const own = await apiAs(sessions, school.director).post(`/schools/${school.factory.id}/data-requests`, {
      requesterId: school.mother.id,
      subjectId: school.mother.id,
      kind: 'erasure',
      details: 'Effacez mon numéro de téléphone.',
    });
    expect(own.status, own.text).to.equal(201);
  });

  it('shows the register on the director’s page, and takes an answer from its form', async () => {
    const recorded = await apiAs(sessions, school.director).post(`/schools/${school.factory.id}/data-requests`, {
      requesterId: school.father.id,
      subjectId: school.leo.id,
      kind: 'rectification',
      details: 'Corriger la date de naissance.',
    });
    expect(recorded.status, recorded.text).to.equal(201);
    const director = await sessions.of(school.director);
    const home = await request(sessions.testApp.app).get('/home').set('Cookie', director.cookie);
    expect(home.text).to.include(`/schools/${school.factory.id}/data-requests`);
    const page = await request(sessions.testApp.app).get(`/schools/${school.factory.id}/data-requests`).set('Cookie', director.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Corriger la date de naissance.').and.to.include(`/data-requests/${recorded.body.id}/answer`);
    const answered = await request(sessions.testApp.app)
      .post(`/schools/${school.factory.id}/data-requests/${recorded.body.id}/answer`)
      .set('Cookie', director.cookie)
      .type('form')
      .send({ _csrf: director.csrfToken, status: 'refused', answer: 'La date est celle de l’acte de naissance.' });
    expect(answered.status, answered.text).to.equal(303);
    const stored = await testDataSource().getRepository(DataRequest).findOneByOrFail({ id: recorded.body.id as string });
    expect([stored.status, stored.answeredById]).to.deep.equal(['refused', school.director.id]);
    const teacher = await sessions.of(school.teacherA);
    expect((await request(sessions.testApp.app).get(`/schools/${school.factory.id}/data-requests`).set('Cookie', teacher.cookie)).status).to.equal(404);
  });

  it('is the head of school’s alone', async () => {
    for (const person of [school.teacherA, school.mother]) {
      expect((await apiAs(sessions, person).get(`/schools/${school.factory.id}/data-requests`)).status).to.equal(404);
    }
  });
});
