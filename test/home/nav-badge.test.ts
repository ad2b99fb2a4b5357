import { expect } from 'chai';
import request from 'supertest';
import type { Person } from '../../src/model/index.js';
import { countStatements } from '../support/count-statements.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions } from '../messaging/fixture.js';

const BADGE = '<span class="nav-badge" aria-hidden="true">';

/* The bottom navigation's unread badge on every page, for one query, as the inbox counts. */
describe('home: the unread badge on every page', function () {
  this.timeout(30_000);

  async function pageOf(sessions: Sessions, person: Person, path: string) {
    const session = await sessions.of(person);
    return request(sessions.testApp.app).get(path).set('Cookie', session.cookie).expect(200);
  }

  it('shows the unread count on pages other than home, counted in one query, and drops what was read or may no longer be read', async () => {
    const school = await messagingSchool();
    const sessions = new Sessions(createTestApp());
    const sent = await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.leo.id }, subject: 'Piscine', body: 'Bonnet obligatoire.' });
    expect(sent.status).to.equal(201);
    await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.leo.id }, body: 'Et une serviette.' });

    const portfolio = `/children/${school.leo.id}/portfolio`;
    const session = await sessions.of(school.mother);
    const withBadge = await pageOf(sessions, school.mother, portfolio);
    expect(withBadge.text).to.include(`${BADGE}2</span><span class="visually-hidden">2 non lus</span>`);
    // One query counts it, on a page that reads no messages otherwise.
    const { count: counted } = await countStatements(testDataSource(), () => request(sessions.testApp.app).get('/messages/preferences').set('Cookie', session.cookie).expect(200));
    expect(counted.sql.filter((sql) => sql.includes('FROM message_recipient r JOIN message m'))).to.have.length(1);

    // A message opened no longer counts.
    const first = (sent.body as { messages: { id: string }[] }).messages[0]!.id;
    expect((await apiAs(sessions, school.mother).post(`/messages/${first}/read`)).status).to.be.oneOf([200, 204]);
    expect((await pageOf(sessions, school.mother, portfolio)).text).to.include(`${BADGE}1</span>`);
    // A parent the school keeps away from the child counts nothing of the child's messages.
    await testDataSource().query("UPDATE guardianship SET status = 'noAccess' WHERE guardianId = ? AND childId = ?", [school.father.id, school.leo.id]);
    expect((await pageOf(sessions, school.father, '/messages/preferences')).text).not.to.include(BADGE);
    // Other people's pages have no badge of theirs.
    expect((await pageOf(sessions, school.inesParent, '/messages/preferences')).text).not.to.include(BADGE);
  });
});
