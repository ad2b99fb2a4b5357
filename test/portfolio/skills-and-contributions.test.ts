import { expect } from 'chai';
import supertest from 'supertest';
import { Skill } from '../../src/model/index.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies } from './support.js';

describe('portfolio: the school’s skills framework and pupils’ contributions', () => {
  it('starts from the national domains, lets a teacher add and archive, and keeps families out', async () => {
    const test = createTestApp();
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const { teacher, guardians } = await classWithFamilies(school, ['class']);
    const asTeacher = await test.signIn(teacher.id);
    const page = await request.get(`/schools/${school.id}/skills`).set('Cookie', asTeacher.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Mobiliser le langage dans toutes ses dimensions').and.to.include('Questionner le monde').and.to.include('Sciences et technologie');

    await request
      .post(`/schools/${school.id}/skills`)
      .set('Cookie', asTeacher.cookie)
      .type('form')
      .send({ _csrf: asTeacher.csrfToken, cycle: '1', domainCode: 'c1-langage', domainLabel: 'Mobiliser le langage dans toutes ses dimensions', label: 'Raconter une histoire entendue' })
      .expect(303);
    const added = await testDataSource().getRepository(Skill).findOneByOrFail({ schoolId: school.id, label: 'Raconter une histoire entendue' });
    await request
      .post(`/skills/${added.id}/archive`)
      .set('Cookie', asTeacher.cookie)
      .type('form')
      .send({ _csrf: asTeacher.csrfToken, schoolId: school.id, archived: 'true' })
      .expect(303);
    expect((await testDataSource().getRepository(Skill).findOneByOrFail({ id: added.id })).archivedAt).not.to.equal(null);

    // The same through the API: restore it, rename it.
    const api = (method: 'put' | 'post', path: string) => request[method](`/api/v1${path}`).set('Cookie', asTeacher.cookie).set('X-CSRF-Token', asTeacher.csrfToken);
    await api('put', `/skills/${added.id}`).send({ archived: false, label: 'Raconter une histoire' }).expect(204);
    const restored = await testDataSource().getRepository(Skill).findOneByOrFail({ id: added.id });
    expect([restored.label, restored.archivedAt]).to.deep.equal(['Raconter une histoire', null]);
    const created = await api('post', `/schools/${school.id}/skills`).send({ cycle: 2, domainCode: 'c2-anglais-club', domainLabel: 'Club d’anglais', label: 'Chanter une comptine' });
    expect(created.status, created.text).to.equal(201);
    expect(created.body.domainLabel).to.equal('Club d’anglais');

    const asParent = await test.signIn(guardians[0]!.id);
    expect((await request.get(`/schools/${school.id}/skills`).set('Cookie', asParent.cookie)).status).to.equal(404);
    const refused = await request
      .post(`/schools/${school.id}/skills`)
      .set('Cookie', asParent.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: asParent.csrfToken, cycle: '1', domainCode: 'c1-langage', domainLabel: 'x', label: 'y' });
    expect(refused.status).to.equal(404);
  });

  it('takes a pupil’s own contribution for the teacher to approve, only when the school allows it', async () => {
    const test = createTestApp();
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const { klass, teacher, pupils, guardians } = await classWithFamilies(school, ['class']);
    const asPupil = await test.signIn(pupils[0]!.id);
    const post = (session: typeof asPupil, path: string, body: object) =>
      request.post(`/api/v1${path}`).set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken).send(body);
    expect((await post(asPupil, `/classes/${klass.id}/entries`, { audience: 'children', comment: 'Mon château de sable' })).body.error.code).to.equal(
      'PORTFOLIO_PUPIL_POSTS_DISABLED',
    );

    const settings = JSON.parse(school.school.settingsJson) as { portfolio: { pupilPostsAllowed: boolean } };
    settings.portfolio.pupilPostsAllowed = true;
    await testDataSource().query('UPDATE school SET settingsJson = ? WHERE id = ?', [JSON.stringify(settings), school.id]);
    // Even sent as a class moment, a pupil's contribution is about the pupil alone.
    const created = await post(asPupil, `/classes/${klass.id}/entries`, { audience: 'class', comment: 'Mon château de sable' });
    expect(created.status, created.text).to.equal(201);
    expect(created.body.state).to.equal('pendingApproval');

    const asParent = await test.signIn(guardians[0]!.id);
    expect((await request.get(`/api/v1/entries/${created.body.id as string}`).set('Cookie', asParent.cookie)).status).to.equal(404);
    const asTeacher = await test.signIn(teacher.id);
    const waiting = await request.get(`/api/v1/entries/${created.body.id as string}`).set('Cookie', asTeacher.cookie);
    expect([waiting.body.audience, waiting.body.state]).to.deep.equal(['children', 'pendingApproval']);
    await post(asTeacher, `/entries/${created.body.id as string}/draft`, {}).expect(204);
    const published = await post(asTeacher, `/entries/${created.body.id as string}/schedule`, { when: 'now' });
    expect(published.body.state).to.equal('published');
    const timeline = await request.get(`/api/v1/children/${pupils[0]!.id}/timeline`).set('Cookie', asParent.cookie);
    expect(timeline.body.entries.map((entry: { comment: string }) => entry.comment)).to.deep.equal(['Mon château de sable']);
  });
});
