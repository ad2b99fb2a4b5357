import { expect } from 'chai';
import request from 'supertest';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('survey pages: who reaches what', () => {
  it('opens the list to the team, families and representatives, and nothing to a pupil or another school', async () => {
    const testApp = createTestApp();
    const school = await SchoolFactory.create(testDataSource());
    const other = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const pupil = await school.pupil(klass);
    const people = {
      director: await school.director(),
      teacher: await school.teacher([klass]),
      representative: await school.parentRepresentative(),
      parent: await school.guardian([pupil]),
      pupil,
      otherDirector: await other.director(),
    };
    const status = async (person: keyof typeof people, path: string) =>
      (await request(testApp.app).get(path).set('Cookie', (await testApp.signIn(people[person].id)).cookie)).status;
    const list = `/schools/${school.id}/surveys`;
    expect(await Promise.all((['director', 'teacher', 'representative', 'parent', 'pupil', 'otherDirector'] as const).map((person) => status(person, list)))).to.deep.equal([200, 200, 200, 200, 404, 404]);
    expect(await Promise.all((['director', 'teacher', 'parent'] as const).map((person) => status(person, `${list}/new`)))).to.deep.equal([200, 404, 404]);
  });
});
