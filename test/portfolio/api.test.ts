import { expect } from 'chai';
import supertest from 'supertest';
import {
  classPortfolioResponse,
  createdEntryResponse,
  entryResponse,
  skillsDashboardResponse,
  skillsResponse,
  timelineResponse,
  uploadResponse,
} from '../../src/portfolio/api-schemas.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto } from './support.js';

/*
 * The JSON API of the portfolio, end to end: upload, entry, tags, publication, timeline,
 * dashboard, responses and moderation, each response checked against its documented schema.
 */
describe('portfolio JSON API', () => {
  it('runs a whole entry through /api/v1 and answers what the OpenAPI document describes', async () => {
    const test = createTestApp();
    test.clock.set('2026-11-23T08:00:00.000Z');
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const { klass, teacher, pupils, guardians } = await classWithFamilies(school, ['class', 'none']);
    const [ana, ben] = pupils as [NonNullable<(typeof pupils)[0]>, NonNullable<(typeof pupils)[0]>];
    const asTeacher = await test.signIn(teacher.id);
    const json = (method: 'get' | 'post' | 'put', path: string, session = asTeacher) =>
      request[method](`/api/v1${path}`).set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken).set('Accept', 'application/json');

    const uploaded = await json('post', `/classes/${klass.id}/media`).attach('photo', await phonePhoto(), 'photo.jpg').attach('other', await phonePhoto(300, 200), 'b.jpg');
    expect(uploaded.status, uploaded.text).to.equal(201);
    const media = uploadResponse.parse(uploaded.body).media;
    expect(media.map((medium) => medium.kind)).to.deep.equal(['photo', 'photo']);

    const { skills } = skillsResponse.parse((await json('get', `/schools/${school.id}/skills`)).body);
    expect(skills.filter((skill) => skill.cycle === 1).map((skill) => skill.domainCode)).to.include('c1-langage');
    expect(new Set(skills.map((skill) => skill.cycle))).to.deep.equal(new Set([1, 2, 3]));

    const created = await json('post', `/classes/${klass.id}/entries`).send({
      audience: 'children',
      pupilIds: [ana.id],
      title: 'Mon dessin',
      comment: '<script>alert(1)</script> a dessiné une maison',
      media: [{ id: media[0]!.id, appearing: [ana.id] }, { id: media[1]!.id }],
      skills: [{ skillId: skills[0]!.id, level: 'inProgress' }],
    });
    expect(created.status, created.text).to.equal(201);
    const entryId = createdEntryResponse.parse(created.body).id;

    // The second photo's people are not said yet: it cannot go out.
    expect((await json('post', `/entries/${entryId}/schedule`).send({ when: 'now' })).body.error.code).to.equal('PORTFOLIO_MEDIA_NOT_REVIEWED');
    await json('put', `/media/${media[1]!.id}/tags`).send({ pupilIds: [ben.id] }).expect(204);
    const entry = entryResponse.parse((await json('get', `/entries/${entryId}`)).body);
    expect(entry.visibility![1]!.hiddenFrom.map((family) => family.childId)).to.deep.equal([ana.id]);
    expect((await json('post', `/entries/${entryId}/schedule`).send({ when: 'now' })).body.state).to.equal('published');

    // An evaluation: the family sees it after the 24 h delay, then only the photo Ana's rights allow.
    const [anaParent, benParent] = guardians;
    test.clock.set('2026-11-24T08:01:00.000Z');
    const asParent = await test.signIn(anaParent!.id);
    const timeline = timelineResponse.parse((await json('get', `/children/${ana.id}/timeline`, asParent)).body);
    expect(timeline.entries).to.have.length(1);
    expect(timeline.entries[0]!.comment).to.equal('<script>alert(1)</script> a dessiné une maison');
    expect(timeline.entries[0]!.media.map((medium) => medium.id)).to.deep.equal([media[0]!.id]);
    const page = await request.get(`/children/${ana.id}/portfolio`).set('Cookie', asParent.cookie);
    expect(page.text).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;').and.not.to.contain('<script>alert(1)');

    // Paging back from the only entry finds nothing; a cursor the module did not write is refused
    // as the page refuses it, instead of reaching the query as an invalid date.
    const pastTheEntry = `${Date.parse(timeline.entries[0]!.seenFrom)}.${entryId}`;
    expect(timelineResponse.parse((await json('get', `/children/${ana.id}/timeline?before=${pastTheEntry}`, asParent)).body)).to.deep.equal({ entries: [], next: null });
    for (const before of ['NaN', '1.2', `${Date.parse(timeline.entries[0]!.seenFrom)}.not-an-entry`]) {
      const refused = await json('get', `/children/${ana.id}/timeline?before=${before}`, asParent);
      expect(refused.status, before).to.equal(400);
      expect(refused.body.error.code).to.equal('VALIDATION_FAILED');
    }

    const dashboard = skillsDashboardResponse.parse((await json('get', `/children/${ana.id}/skills`, asParent)).body);
    expect(dashboard.workingOn.map((skill) => skill.skillId)).to.deep.equal([skills[0]!.id]);
    expect(dashboard.workingOn[0]!.evidence[0]!.entryId).to.equal(entryId);

    // Another family learns nothing: not the timeline, not the entry, not the medium.
    const asOther = await test.signIn(benParent!.id);
    expect((await json('get', `/children/${ana.id}/timeline`, asOther)).status).to.equal(404);
    expect((await json('get', `/entries/${entryId}`, asOther)).status).to.equal(404);
    expect((await request.get(`/media/${media[0]!.id}/thumbnail`).set('Cookie', asOther.cookie)).status).to.equal(404);

    const comment = await json('post', `/entries/${entryId}/responses`, asParent).send({ body: 'Merci !' });
    expect(comment.status, comment.text).to.equal(201);
    expect(comment.body.state).to.equal('pending');
    const asTeacherNextDay = await test.signIn(teacher.id);
    await json('post', `/responses/${comment.body.id as string}/moderation`, asTeacherNextDay).send({ decision: 'approved' }).expect(204);
    expect((await json('post', `/entries/${entryId}/responses`, asOther).send({ reaction: 'heart' })).status).to.equal(404);
    expect((await json('post', `/entries/${entryId}/responses`, asParent).send({ body: '' })).body.error.code).to.equal('VALIDATION_FAILED');

    test.clock.set('2026-11-24T08:30:00.000Z');
    const asTeacherLater = await test.signIn(teacher.id);
    const portfolio = classPortfolioResponse.parse((await json('get', `/classes/${klass.id}/portfolio`, asTeacherLater)).body);
    expect(portfolio.pupils.find((pupil) => pupil.id === ana.id)!.due).to.equal(false);
    expect(portfolio.pupils.find((pupil) => pupil.id === ben.id)!.due).to.equal(false);
    await json('post', `/entries/${entryId}/withdraw`, asTeacherLater).send({}).expect(204);
    const asParentLater = await test.signIn(anaParent!.id);
    expect(timelineResponse.parse((await json('get', `/children/${ana.id}/timeline`, asParentLater)).body).entries).to.have.length(0);
  });

  it('refuses an entry for a child of another class and media that are not the author’s', async () => {
    const test = createTestApp();
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const { klass, teacher } = await classWithFamilies(school, ['class']);
    const other = await classWithFamilies(school, ['class']);
    const asTeacher = await test.signIn(teacher.id);
    const asOtherTeacher = await test.signIn(other.teacher.id);
    const post = (path: string, session: typeof asTeacher) =>
      request.post(`/api/v1${path}`).set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken).set('Accept', 'application/json');
    const refused = await post(`/classes/${klass.id}/entries`, asTeacher).send({ audience: 'children', pupilIds: [other.pupils[0]!.id], comment: 'x' });
    expect(refused.body.error.code).to.equal('PORTFOLIO_PUPIL_NOT_IN_CLASS');
    const upload = await post(`/classes/${other.klass.id}/media`, asOtherTeacher).attach('f', await phonePhoto(), 'a.jpg');
    const theirs = upload.body.media[0].id as string;
    const stolen = await post(`/classes/${klass.id}/entries`, asTeacher).send({ audience: 'class', media: [{ id: theirs, appearing: [] }] });
    expect(stolen.body.error.code).to.equal('PORTFOLIO_MEDIUM_UNAVAILABLE');
    expect((await post(`/classes/${other.klass.id}/media`, asTeacher).attach('f', await phonePhoto(), 'a.jpg')).status).to.equal(404);
  });
});
