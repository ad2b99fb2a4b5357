import { expect } from 'chai';
import supertest from 'supertest';
import { PortfolioMedium } from '../../src/model/index.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { phonePhoto, postEntryForm } from '../portfolio/support.js';

/** A class moment photo of Léa (two parents with authority, one informed only) and Tom, whose family has its own consent. */
async function classMomentWorld() {
  const test: TestApp = createTestApp();
  test.clock.set('2026-11-20T09:00:00.000Z');
  const request = supertest(test.app);
  const school = await SchoolFactory.create(testDataSource());
  const klass = await school.class();
  const teacher = await school.teacher([klass]);
  const lea = await school.pupil(klass);
  const mother = await school.guardian([lea]);
  const father = await school.guardian([lea]);
  const informed = await school.guardian([lea], { status: 'informationOnly', legalBasis: true });
  const tom = await school.pupil(klass);
  const tomParent = await school.guardian([tom]);
  const teacherSession = await test.signIn(teacher.id);
  const posted = await postEntryForm(
    request,
    klass.id,
    teacherSession,
    { audience: 'class', momentKind: 'outing', title: 'Au musée', peopleReviewed: 'yes', appearing: [lea.id], when: 'now' },
    [{ name: 'musee.jpg', content: await phonePhoto() }],
  );
  expect(posted.status, posted.text).to.equal(303);
  const entryId = posted.headers.location!.split('/').at(-1)!;
  const [medium] = await testDataSource().getRepository(PortfolioMedium).findBy({ entryId });
  return { test, request, school, klass, teacher, teacherSession, lea, mother, father, informed, tom, tomParent, entryId, mediumId: medium!.id };
}

describe('image rights given online by the guardians', () => {
  let world: Awaited<ReturnType<typeof classMomentWorld>>;
  const sessions: Record<string, SignedIn> = {};

  /** A guardian's choice, a minute after the previous one. */
  async function choose(who: 'mother' | 'father' | 'informed', body: Record<string, string>) {
    world.test.clock.advanceMinutes(1);
    sessions[who] ??= await world.test.signIn(world[who].id);
    const session = sessions[who];
    return world.request.put(`/api/v1/pupils/${world.lea.id}/image-consent`).set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken).send(body);
  }
  async function tomFamilySees(): Promise<boolean> {
    const session = await world.test.signIn(world.tomParent.id);
    const medium = await world.request.get(`/media/${world.mediumId}/thumbnail`).set('Cookie', session.cookie);
    const timeline = await world.request.get(`/children/${world.tom.id}/portfolio`).set('Cookie', session.cookie);
    expect(timeline.text).to.contain('Au musée');
    expect(timeline.text.includes(world.mediumId)).to.equal(medium.status === 200);
    return medium.status === 200;
  }
  async function consentAsSeenBy(who: 'mother' | 'father') {
    const body = (await world.request.get(`/api/v1/pupils/${world.lea.id}`).set('Cookie', sessions[who]!.cookie)).body;
    return body.imageConsent.purposes.find((entry: { purpose: string }) => entry.purpose === 'classMoments');
  }

  before(async () => {
    world = await classMomentWorld();
    world.test.clock.advanceMinutes(1);
  });

  it('keeps the photo within the family until both parents agree, then lets the class see it', async () => {
    expect(await tomFamilySees()).to.equal(false);
    expect((await choose('mother', { scope: 'class', purpose: 'classMoments' })).status).to.equal(204);
    expect(await tomFamilySees()).to.equal(true);

    expect((await choose('father', { scope: 'ownFamily', purpose: 'classMoments' })).status).to.equal(204);
    expect(await tomFamilySees()).to.equal(false);
    expect(await consentAsSeenBy('mother')).to.deep.equal({ purpose: 'classMoments', scope: 'ownFamily', yourChoice: 'class', disagreement: true });
    expect(await consentAsSeenBy('father')).to.deep.equal({ purpose: 'classMoments', scope: 'ownFamily', yourChoice: 'ownFamily', disagreement: true });

    // The teacher sees it before publishing: Tom's family is named among those who will not see the photo.
    const page = await world.request.get(`/portfolio/entries/${world.entryId}`).set('Cookie', world.teacherSession.cookie);
    expect(page.status).to.equal(200);
    expect([...page.text.matchAll(/class="hidden-from">([^<]*)/g)].map((match) => match[1]!).join(' ')).to.contain(world.tom.givenName);

    expect((await choose('father', { scope: 'class', purpose: 'classMoments' })).status).to.equal(204);
    expect(await tomFamilySees()).to.equal(true);
    expect(await consentAsSeenBy('father')).to.deep.equal({ purpose: 'classMoments', scope: 'class', yourChoice: 'class', disagreement: false });
  });

  it('keeps the portfolio and printed documents apart from class moments', async () => {
    const body = (await world.request.get(`/api/v1/pupils/${world.lea.id}`).set('Cookie', sessions.mother!.cookie)).body;
    const scopes = Object.fromEntries(body.imageConsent.purposes.map((entry: { purpose: string; scope: string }) => [entry.purpose, entry.scope]));
    expect(scopes).to.deep.equal({ portfolio: 'none', classMoments: 'class', printedDocuments: 'none' });
    const teacher = (await world.request.get(`/api/v1/classes/${world.klass.id}/pupils`).set('Cookie', world.teacherSession.cookie)).body;
    const row = teacher.pupils.find((pupil: { id: string }) => pupil.id === world.lea.id);
    expect(row.imageConsents).to.deep.equal({ portfolio: 'none', classMoments: 'class', printedDocuments: 'none' });
  });

  it('refuses a guardian with information only with its own code and records nothing', async () => {
    const before = (await testDataSource().query('SELECT id FROM image_consent WHERE childId = ?', [world.lea.id])) as unknown[];
    const refused = await choose('informed', { scope: 'school' });
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('CONSENT_NOT_PARENTAL_AUTHORITY');
    const after = (await testDataSource().query('SELECT id FROM image_consent WHERE childId = ?', [world.lea.id])) as unknown[];
    expect(after).to.have.length(before.length);
  });

  it('takes a withdrawal into account on the very next request, removing the child from a moment other families saw', async () => {
    expect(await tomFamilySees()).to.equal(true);
    expect((await choose('mother', { scope: 'none' })).status).to.equal(204);
    expect(await tomFamilySees()).to.equal(false);
    // Her own family still sees it.
    const father = sessions.father!;
    expect((await world.request.get(`/media/${world.mediumId}/thumbnail`).set('Cookie', father.cookie)).status).to.equal(200);
  });

  it('records who decided, when, for which purpose, and audits each decision', async () => {
    const rows = (await testDataSource().query(
      'SELECT givenById, recordedById, scope, purpose FROM image_consent WHERE childId = ? ORDER BY createdAt',
      [world.lea.id],
    )) as { givenById: string; recordedById: string; scope: string; purpose: string | null }[];
    expect(rows).to.deep.equal([
      { givenById: world.mother.id, recordedById: world.mother.id, scope: 'class', purpose: 'classMoments' },
      { givenById: world.father.id, recordedById: world.father.id, scope: 'ownFamily', purpose: 'classMoments' },
      { givenById: world.father.id, recordedById: world.father.id, scope: 'class', purpose: 'classMoments' },
      { givenById: world.mother.id, recordedById: world.mother.id, scope: 'none', purpose: null },
    ]);
    const audits = (await testDataSource().query("SELECT actorId FROM audit_event WHERE action = 'imageConsent.recorded' AND schoolId = ?", [world.school.id])) as unknown[];
    expect(audits).to.have.length(4);
  });
});
