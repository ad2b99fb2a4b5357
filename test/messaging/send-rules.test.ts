import { expect } from 'chai';
import { sendResponse } from '../../src/messaging/api-schemas.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from './api-client.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from './fixture.js';

/* Who may write to whom, what is refused and with which code. One rule per test. */
describe('messaging: sending rules', function () {
  this.timeout(30_000);
  let school: MessagingSchool;
  let sessions: Sessions;
  const as = (person: Parameters<typeof apiAs>[1]) => apiAs(sessions, person);
  const toLeoFamily = () => ({ audience: 'family', pupilId: school.leo.id });

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp());
  });

  async function recipientsOf(messageId: string): Promise<string[]> {
    const rows = (await testDataSource().query('SELECT personId FROM message_recipient WHERE messageId = ? ORDER BY personId', [messageId])) as { personId: string }[];
    return rows.map((row) => row.personId);
  }

  it("sends to the child's guardians who may follow the child, never to one a decision keeps away", async () => {
    const response = await as(school.teacherA).post('/messages', { to: toLeoFamily(), body: 'Léo a oublié son cahier.' });
    expect(response.status).to.equal(201);
    const sent = sendResponse.parse(response.body);
    expect(sent.messages).to.have.length(1);
    expect(await recipientsOf(sent.messages[0]!.id)).to.deep.equal([school.mother.id, school.father.id, school.informed.id].sort());
  });

  it('writes to each guardian separately when asked (separated parents)', async () => {
    const response = await as(school.teacherA).post('/messages', { to: { ...toLeoFamily(), separately: true }, body: 'Réunion individuelle' });
    const sent = sendResponse.parse(response.body);
    expect(sent.messages).to.have.length(3);
    const lists = await Promise.all(sent.messages.map((message) => recipientsOf(message.id)));
    expect(lists.flat().sort()).to.deep.equal([school.mother.id, school.father.id, school.informed.id].sort());
    expect(lists.every((list) => list.length === 1)).to.equal(true);
  });

  it('copies the pupil when the teacher chooses', async () => {
    const response = await as(school.teacherA).post('/messages', { to: { ...toLeoFamily(), guardianIds: [school.mother.id] }, body: 'Bravo', copyPupil: true });
    expect(await recipientsOf(sendResponse.parse(response.body).messages[0]!.id)).to.deep.equal([school.mother.id, school.leo.id].sort());
  });

  it('refuses a guardian whom a decision keeps away, by name (MESSAGE_RECIPIENT_NOT_ALLOWED)', async () => {
    const response = await as(school.teacherA).post('/messages', { to: { ...toLeoFamily(), guardianIds: [school.keptAway.id] }, body: 'Bonjour' });
    expect(response.status).to.equal(403);
    expect(response.body.error.code).to.equal('MESSAGE_RECIPIENT_NOT_ALLOWED');
    expect(response.body.error.message).to.be.a('string').and.not.equal('errors.MESSAGE_RECIPIENT_NOT_ALLOWED');
  });

  it("refuses a family the teacher does not teach (MESSAGE_RECIPIENT_NOT_ALLOWED)", async () => {
    const response = await as(school.teacherB).post('/messages', { to: toLeoFamily(), body: 'Bonjour' });
    expect(response.status).to.equal(403);
    expect(response.body.error.code).to.equal('MESSAGE_RECIPIENT_NOT_ALLOWED');
  });

  it('answers NOT_FOUND for a child of another school', async () => {
    const other = await messagingSchool();
    const response = await as(school.teacherA).post('/messages', { to: { audience: 'family', pupilId: other.leo.id }, body: 'Bonjour' });
    expect(response.status).to.equal(404);
    expect(response.body.error.code).to.equal('NOT_FOUND');
  });

  it('refuses an empty message and a 100 kB one, naming the field', async () => {
    const empty = await as(school.teacherA).post('/messages', { to: toLeoFamily(), body: '   ' });
    expect(empty.status).to.equal(400);
    expect(empty.body.error.code).to.equal('VALIDATION_FAILED');
    expect(empty.body.error.fields).to.deep.include({ field: 'body', problem: 'tooShort', message: empty.body.error.fields[0].message });
    const huge = await as(school.teacherA).post('/messages', { to: toLeoFamily(), body: 'a'.repeat(100 * 1024) });
    expect(huge.status).to.equal(400);
    expect(huge.body.error.fields.map((field: { field: string; problem: string }) => `${field.field}:${field.problem}`)).to.deep.equal(['body:tooLong']);
  });

  it('refuses an unknown language', async () => {
    const response = await as(school.teacherA).post('/messages', { to: toLeoFamily(), body: 'Bonjour', language: 'klingon' });
    expect(response.status).to.equal(400);
    expect(response.body.error.fields.map((field: { field: string; problem: string }) => `${field.field}:${field.problem}`)).to.deep.equal(['language:invalidChoice']);
  });

  it('keeps HTML and scripts as plain text', async () => {
    const body = '<script>alert("x")</script><b>gras</b>';
    const response = await as(school.teacherA).post('/messages', { to: toLeoFamily(), body });
    const id = sendResponse.parse(response.body).messages[0]!.id;
    const thread = await as(school.mother).get(`/messages/${id}`);
    expect(thread.body.messages[0].body).to.equal(body);
  });

  it('lets only authorised roles mark a message urgent (MESSAGE_URGENT_NOT_ALLOWED)', async () => {
    const refused = await as(school.teacherA).post('/messages', { to: toLeoFamily(), body: 'Urgent', urgent: true });
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('MESSAGE_URGENT_NOT_ALLOWED');
    const accepted = await as(school.director).post('/messages', { to: { audience: 'class', classId: school.classA.id }, body: 'École fermée demain', urgent: true });
    expect(accepted.status).to.equal(201);
  });

  it('sends a class announcement to every family of the class once, and a school one to every family', async () => {
    const klass = await as(school.teacherA).post('/messages', { to: { audience: 'class', classId: school.classA.id }, body: 'Sortie vendredi' });
    expect(await recipientsOf(sendResponse.parse(klass.body).messages[0]!.id)).to.deep.equal(
      [school.mother.id, school.father.id, school.informed.id, school.inesParent.id].sort(),
    );
    const all = await as(school.director).post('/messages', { to: { audience: 'school', schoolId: school.factory.id }, body: 'Kermesse' });
    expect(await recipientsOf(sendResponse.parse(all.body).messages[0]!.id)).to.have.length(5);
    const teacherTries = await as(school.teacherA).post('/messages', { to: { audience: 'school', schoolId: school.factory.id }, body: 'Kermesse' });
    expect(teacherTries.body.error.code).to.equal('MESSAGE_RECIPIENT_NOT_ALLOWED');
  });

  it('lets a parent write to the teachers of their child, and not to another class’s', async () => {
    const ok = await as(school.mother).post('/messages', { to: { audience: 'teacher', pupilId: school.leo.id, teacherId: school.otherTeacherA.id }, body: 'Question' });
    expect(ok.status).to.equal(201);
    const refused = await as(school.mother).post('/messages', { to: { audience: 'teacher', pupilId: school.leo.id, teacherId: school.teacherB.id }, body: 'Question' });
    expect(refused.body.error.code).to.equal('MESSAGE_RECIPIENT_NOT_ALLOWED');
    const keptAway = await as(school.keptAway).post('/messages', { to: { audience: 'teacher', pupilId: school.leo.id, teacherId: school.teacherA.id }, body: 'Question' });
    expect(keptAway.status).to.equal(404);
  });

  it('limits parents to the professeur principal where the school says so', async () => {
    const strict = await messagingSchool({ parentsMayWriteTo: 'mainTeacherOnly' });
    const strictSessions = new Sessions(sessions.testApp);
    const other = await apiAs(strictSessions, strict.mother).post('/messages', { to: { audience: 'teacher', pupilId: strict.leo.id, teacherId: strict.otherTeacherA.id }, body: 'Q' });
    expect(other.body.error.code).to.equal('MESSAGE_RECIPIENT_NOT_ALLOWED');
    const main = await apiAs(strictSessions, strict.mother).post('/messages', { to: { audience: 'teacher', pupilId: strict.leo.id, teacherId: strict.teacherA.id }, body: 'Q' });
    expect(main.status).to.equal(201);
  });

  it('never lets a parent write to the families of a class, unless a representative the school enabled', async () => {
    const refused = await as(school.mother).post('/messages', { to: { audience: 'class', classId: school.classA.id }, body: 'À tous' });
    expect(refused.body.error.code).to.equal('MESSAGE_RECIPIENT_NOT_ALLOWED');
    const enabled = await messagingSchool({ representativesMayWrite: true });
    await enabled.factory.member(enabled.inesParent, 'parentRepresentative');
    const representativeSessions = new Sessions(sessions.testApp);
    const sent = await apiAs(representativeSessions, enabled.inesParent).post('/messages', { to: { audience: 'class', classId: enabled.classA.id }, body: 'Réunion des parents' });
    expect(sent.status).to.equal(201);
    // The representative does not receive their own message.
    expect(await recipientsOf(sendResponse.parse(sent.body).messages[0]!.id)).to.not.include(enabled.inesParent.id);
  });

  it('stores a message once however often the client retries with the same Idempotency-Key', async () => {
    const key = `retry-${Date.now()}`;
    const body = { to: { ...toLeoFamily(), separately: true }, body: 'Une seule fois' };
    const first = await as(school.teacherA).post('/messages', body, { 'Idempotency-Key': key });
    const again = await as(school.teacherA).post('/messages', body, { 'Idempotency-Key': key });
    expect(first.status).to.equal(201);
    expect(again.status).to.equal(200);
    expect(again.body.replayed).to.equal(true);
    expect(again.body.messages.map((message: { id: string }) => message.id)).to.deep.equal(first.body.messages.map((message: { id: string }) => message.id));
    const stored = (await testDataSource().query("SELECT COUNT(*) AS n FROM message WHERE body = 'Une seule fois'")) as { n: number | string }[];
    expect(Number(stored[0]!.n)).to.equal(3);
    const different = await as(school.teacherA).post('/messages', { ...body, body: 'Autre chose' }, { 'Idempotency-Key': key });
    expect(different.status).to.equal(422);
    expect(different.body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    const invalid = await as(school.teacherA).post('/messages', body, { 'Idempotency-Key': 'a b' });
    expect(invalid.body.error.code).to.equal('IDEMPOTENCY_KEY_INVALID');
  });

  it('stores a reply once when it is sent again with its Idempotency-Key (a draft written offline)', async () => {
    const sent = await as(school.teacherA).post('/messages', { to: toLeoFamily(), body: `Sortie ${Date.now()}` });
    const messageId = sendResponse.parse(sent.body).messages[0]!.id;
    const key = `draft-${Date.now()}`;
    const words = `Réponse écrite hors ligne ${key}`;
    const first = await as(school.mother).post(`/messages/${messageId}/replies`, { body: words }, { 'Idempotency-Key': key });
    const again = await as(school.mother).post(`/messages/${messageId}/replies`, { body: words }, { 'Idempotency-Key': key });
    expect([first.status, again.status]).to.deep.equal([201, 200]);
    expect(again.body).to.deep.equal(first.body);
    const stored = (await testDataSource().query('SELECT COUNT(*) AS n FROM message WHERE body = ?', [words])) as { n: number | string }[];
    expect(Number(stored[0]!.n)).to.equal(1);
    const different = await as(school.mother).post(`/messages/${messageId}/replies`, { body: 'Autre chose' }, { 'Idempotency-Key': key });
    expect(different.body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    // Without a key, each reply is a new one, as before.
    await as(school.mother).post(`/messages/${messageId}/replies`, { body: words });
    const twice = (await testDataSource().query('SELECT COUNT(*) AS n FROM message WHERE body = ?', [words])) as { n: number | string }[];
    expect(Number(twice[0]!.n)).to.equal(2);
  });

  it('keeps one message when the same key arrives twice at once', async () => {
    const key = `race-${Date.now()}`;
    const body = { to: toLeoFamily(), body: `Course ${key}` };
    const answers = await Promise.all([1, 2, 3].map(() => as(school.teacherA).post('/messages', body, { 'Idempotency-Key': key })));
    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([200, 200, 201]);
    const stored = (await testDataSource().query('SELECT COUNT(*) AS n FROM message WHERE body = ?', [`Course ${key}`])) as { n: number | string }[];
    expect(Number(stored[0]!.n)).to.equal(1);
  });
});
