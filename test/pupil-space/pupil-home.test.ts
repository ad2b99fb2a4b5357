import { expect } from 'chai';
import request from 'supertest';
import type { Person } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions } from '../messaging/fixture.js';

/*
 * A pupil's home: their own contributions, waiting for the teacher or published, and "show my
 * parents", which only the pupil themself opens.
 */
describe('pupil space: the pupil’s home and "show my parents"', function () {
  this.timeout(60_000);

  async function page(sessions: Sessions, person: Person, path: string) {
    const session = await sessions.of(person);
    return request(sessions.testApp.app).get(path).set('Cookie', session.cookie);
  }

  it('lists the pupil’s contributions waiting for the teacher and those published, and nobody else’s', async () => {
    const school = await messagingSchool();
    await testDataSource().query('UPDATE school SET settingsJson = ? WHERE id = ?', [JSON.stringify({ portfolio: { pupilPostsAllowed: true } }), school.factory.id]);
    const sessions = new Sessions(createTestApp());
    const contribute = async (pupil: Person, title: string) => {
      const posted = await apiAs(sessions, pupil).post(`/classes/${school.classA.id}/entries`, { audience: 'children', title, comment: 'Mon travail' });
      expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
      return (posted.body as { id: string }).id;
    };
    await contribute(school.leo, 'Mon poème');
    const published = await contribute(school.leo, 'Ma frise');
    await contribute(school.ines, 'Le dessin d’Inès');
    expect((await apiAs(sessions, school.teacherA).post(`/entries/${published}/draft`)).status).to.be.oneOf([200, 204]);
    expect((await apiAs(sessions, school.teacherA).post(`/entries/${published}/schedule`, { when: 'now' })).status).to.be.oneOf([200, 204]);

    const home = await page(sessions, school.leo, '/home');
    expect(home.status).to.equal(200);
    const awaiting = home.text.slice(home.text.indexOf('class="plain contributions awaiting"'), home.text.indexOf('id="published-title"'));
    const out = home.text.slice(home.text.indexOf('class="plain contributions published"'));
    expect(awaiting).to.include('Mon poème').and.not.to.include('Ma frise');
    expect(out).to.include('Ma frise').and.not.to.include('Mon poème');
    expect(home.text).not.to.include('Le dessin d');
    expect(home.text).to.include(`/children/${school.leo.id}/presentation`);
  });

  it('opens "show my parents" to the pupil only', async () => {
    const school = await messagingSchool();
    const sessions = new Sessions(createTestApp());
    const path = `/children/${school.leo.id}/presentation`;
    expect((await page(sessions, school.leo, path)).status).to.equal(200);
    for (const other of [school.mother, school.ines, school.teacherA, school.director, school.inesParent]) {
      expect((await page(sessions, other, path)).status, other.givenName).to.equal(404);
    }
    // A school pupil without entries yet is told so.
    expect((await page(sessions, school.leo, path)).text).to.include('Rien n’est encore publié');
  });
});
