import { expect } from 'chai';
import request from 'supertest';
import { Enrolment } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { giveDirectoryKey } from './directory-keys.js';
import { fromEnt } from './ent-classes.js';
import { startOidcFixture, type OidcFixture } from './oidc-setup.js';
import { allowInsertsOfPeopleAgain, refuseInsertsOfPersonNamed } from './refusing-database.js';
import { identityRowsDigest } from './identity-rows.js';
import { expectRefused } from './rejection.js';

describe('an ENT directory read for a class roster', function () {
  this.timeout(30_000);
  let fixture: OidcFixture;
  before(async () => {
    fixture = await startOidcFixture();
  });
  after(() => fixture.stop());

  it('pages the class through the ENT’s directory and enrols its pupils, finding those the school already has', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('CP Les Ours');
    await fromEnt(klass, 'ent-class-cp-ours');
    const known = await school.pupil(klass, { givenName: 'Élise', familyName: 'Marchal' });
    await giveDirectoryKey(known, 'ELV-DIR-1', school, 'pupil');
    fixture.provider.classRosters.set('ent-class-cp-ours', [
      { id: 'ent-pupil-1', firstName: 'Élise', lastName: 'MARCHAL', externalId: 'ELV-DIR-1' },
      { id: 'ent-pupil-2', firstName: 'Omar', lastName: 'SALL', externalId: 'ELV-DIR-2' },
      { id: 'ent-pupil-3', firstName: 'Jade', lastName: 'TRAN' },
    ]);
    const director = await fixture.testApp.signIn((await school.director()).id);
    const answer = await request(fixture.testApp.app)
      .post(`/schools/${school.id}/classes/${klass.id}/directory-sync`)
      .set('Cookie', director.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: director.csrfToken, connector: 'edifice' });
    expect(answer.body).to.deep.equal({ listed: 3, created: 2 });
    expect(await testDataSource().getRepository(Enrolment).countBy({ classId: klass.id })).to.equal(3);
    const again = await request(fixture.testApp.app)
      .post(`/schools/${school.id}/classes/${klass.id}/directory-sync`)
      .set('Cookie', director.cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: director.csrfToken, connector: 'edifice' });
    expect(again.body).to.deep.equal({ listed: 3, created: 0 });
    expect(await testDataSource().getRepository(Enrolment).countBy({ classId: klass.id })).to.equal(3);
  });

  /** Asks for a class's sync as the director (or another signed-in person) would. */
  const sync = (cookie: string, csrfToken: string, schoolId: string, classId: string, connector = 'edifice') =>
    request(fixture.testApp.app)
      .post(`/schools/${schoolId}/classes/${classId}/directory-sync`)
      .set('Cookie', cookie)
      .set('Accept', 'application/json')
      .type('form')
      .send({ _csrf: csrfToken, connector });

  it('offers, and reads, only the classes this ENT created: not a class of the school’s records', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const entClass = await school.class('CE2 Les Aigles');
    await fromEnt(entClass, 'ent-class-ce2-aigles');
    const recordsClass = await school.class('GS Les Hiboux');
    await testDataSource().query('UPDATE school_class SET externalRef = ? WHERE id = ?', ['demo-gs', recordsClass.id]);
    const director = await fixture.testApp.signIn((await school.director()).id);
    const page = await request(fixture.testApp.app).get(`/schools/${school.id}/roster-import`).set('Cookie', director.cookie);
    expect(page.text).to.include('CE2 Les Aigles').and.not.to.include('GS Les Hiboux');
    await expectRefused(() => sync(director.cookie, director.csrfToken, school.id, recordsClass.id), 'NOT_FOUND');
  });

  it('lets neither a teacher sync a class, nor a connector that does not serve the school', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('CM1 Les Cerfs');
    await fromEnt(klass, 'ent-class-cm1-cerfs');
    fixture.provider.classRosters.set('ent-class-cm1-cerfs', [{ id: 'ent-pupil-cerf-1', firstName: 'Yann', lastName: 'CERF' }]);
    const teacher = await fixture.testApp.signIn((await school.teacher([klass])).id);
    await expectRefused(() => sync(teacher.cookie, teacher.csrfToken, school.id, klass.id), 'NOT_FOUND');

    const elsewhere = await startOidcFixture({ schools: ['0000001A'] });
    try {
      const director = await elsewhere.testApp.signIn((await school.director()).id);
      await expectRefused(
        () =>
          request(elsewhere.testApp.app)
            .post(`/schools/${school.id}/classes/${klass.id}/directory-sync`)
            .set('Cookie', director.cookie)
            .set('Accept', 'application/json')
            .type('form')
            .send({ _csrf: director.csrfToken, connector: 'edifice' }),
        'NOT_FOUND',
      );
    } finally {
      await elsewhere.stop();
    }
  });

  it('writes a class all or nothing: a pupil the database refuses leaves no pupil of the class behind', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class('CP Les Faons');
    await fromEnt(klass, 'ent-class-cp-faons');
    fixture.provider.classRosters.set('ent-class-cp-faons', [
      { id: 'ent-pupil-faon-1', firstName: 'Omar', lastName: 'FAON' },
      { id: 'ent-pupil-faon-2', firstName: 'Boom', lastName: 'FAON' },
    ]);
    const director = await fixture.testApp.signIn((await school.director()).id);
    await refuseInsertsOfPersonNamed('Boom');
    try {
      const before = await identityRowsDigest();
      const answer = await sync(director.cookie, director.csrfToken, school.id, klass.id);
      expect(answer.status).to.equal(500);
      expect(await identityRowsDigest()).to.deep.equal(before);
    } finally {
      await allowInsertsOfPeopleAgain();
    }
    expect(await testDataSource().getRepository(Enrolment).countBy({ classId: klass.id })).to.equal(0);
  });
});
