import { expect } from 'chai';
import supertest from 'supertest';
import { Enrolment, RetentionHold } from '../../src/model/index.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('retention through the JSON API', () => {
  it('answers the plan to the director, refuses a delay out of bounds and a hold without a reason with their codes', async () => {
    const test = createTestApp();
    test.clock.set('2027-07-10T08:00:00.000Z');
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const director = await school.director();
    const teacher = await school.teacher([klass]);
    const pupil = await school.pupil(klass);
    await testDataSource().getRepository(Enrolment).update({ pupilId: pupil.id }, { endedAt: new Date('2027-07-04T15:00:00.000Z') });
    const session = await test.signIn(director.id);
    const as = (method: 'get' | 'put' | 'post' | 'delete', path: string) => request[method](`/api/v1${path}`).set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken);

    const plan = await as('get', `/schools/${school.id}/retention`);
    expect(plan.status).to.equal(200);
    expect(plan.body.leavingDelayDays).to.equal(90);
    expect(plan.body.leavers).to.deep.equal([
      { personId: pupil.id, givenName: pupil.givenName, familyName: pupil.familyName, roles: ['pupil'], leftAt: '2027-07-04T15:00:00.000Z', deleteAfter: '2027-10-02T15:00:00.000Z', held: false },
    ]);
    const teacherSession = await test.signIn(teacher.id);
    expect((await request.get(`/api/v1/schools/${school.id}/retention`).set('Cookie', teacherSession.cookie)).status).to.equal(404);

    const refused = await as('put', `/schools/${school.id}/retention/delay`).send({ retentionDaysAfterLeaving: 400 });
    expect(refused.status).to.equal(400);
    expect(refused.body.error.code).to.equal('RETENTION_DELAY_OUT_OF_BOUNDS');
    expect((await as('put', `/schools/${school.id}/retention/delay`).send({ retentionDaysAfterLeaving: 60 })).status).to.equal(204);
    expect((await as('get', `/schools/${school.id}/retention`)).body.leavers[0].deleteAfter).to.equal('2027-09-02T15:00:00.000Z');

    const noReason = await as('post', `/schools/${school.id}/retention/holds`).send({ pupilId: pupil.id, reason: '' });
    expect(noReason.status).to.equal(400);
    expect(noReason.body.error.code).to.equal('LEGAL_HOLD_REASON_REQUIRED');
    const placed = await as('post', `/schools/${school.id}/retention/holds`).send({ pupilId: pupil.id, reason: 'Plainte en cours' });
    expect(placed.status).to.equal(200);
    expect((await as('get', `/schools/${school.id}/retention`)).body.leavers[0].held).to.equal(true);
    expect((await as('delete', `/schools/${school.id}/retention/holds/${placed.body.id as string}`)).status).to.equal(204);
    expect((await testDataSource().getRepository(RetentionHold).findOneByOrFail({ id: placed.body.id as string })).releasedAt).not.to.equal(null);
  });
});
