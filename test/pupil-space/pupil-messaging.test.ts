import { expect } from 'chai';
import { inboxResponse, sendResponse } from '../../src/messaging/api-schemas.js';
import { readInstant } from '../../src/db/sql-values.js';
import type { Person } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions } from '../messaging/fixture.js';

/*
 * A pupil writing to their own teachers: where the school allows it (by default in a collège, not
 * in an école), to the teachers of their class only, the teacher's answer to that pupil alone,
 * quiet hours kept, and the exchange the pupil's own unless the school lets guardians read it.
 */
describe('pupil space: pupils ask their teachers', function () {
  this.timeout(60_000);

  async function schoolOfKind(kind: 'ecole' | 'college' | null, messaging: Record<string, unknown> = {}) {
    const school = await messagingSchool(messaging);
    await testDataSource().query('UPDATE school SET kind = ? WHERE id = ?', [kind, school.factory.id]);
    return { school, sessions: new Sessions(createTestApp()) };
  }

  const ask = (sessions: Sessions, pupil: Person, teacher: Person, body = 'Pour l’exercice 4, faut-il rendre le brouillon ?') =>
    apiAs(sessions, pupil).post('/messages', { to: { audience: 'pupilToTeacher', teacherId: teacher.id }, subject: 'Exercice 4', body });

  async function threadIdsOf(sessions: Sessions, person: Person): Promise<string[]> {
    const inbox = await apiAs(sessions, person).get('/messages');
    expect(inbox.status).to.equal(200);
    return inboxResponse.parse(inbox.body).threads.map((thread) => thread.threadId);
  }

  it('in a collège, lets a pupil ask their teacher, answers that pupil alone, and shows the exchange to nobody else', async () => {
    const { school, sessions } = await schoolOfKind('college');
    const asked = await ask(sessions, school.leo, school.teacherA);
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    const question = sendResponse.parse(asked.body).messages[0]!;
    expect(question.recipientCount).to.equal(1);

    expect(await threadIdsOf(sessions, school.teacherA)).to.include(question.threadId);
    const reply = await apiAs(sessions, school.teacherA).post(`/messages/${question.id}/replies`, { body: 'Oui, agrafé derrière la copie.' });
    expect(reply.status).to.equal(201);
    const replyId = (reply.body as { id: string }).id;
    const recipients = (await testDataSource().query('SELECT personId, role, pupilId FROM message_recipient WHERE messageId = ?', [replyId])) as {
      personId: string;
      role: string;
      pupilId: string | null;
    }[];
    expect(recipients).to.deep.equal([{ personId: school.leo.id, role: 'pupil', pupilId: school.leo.id }]);
    expect((await apiAs(sessions, school.leo).get(`/messages/${replyId}`)).status).to.equal(200);

    // Nobody else: another pupil, the pupil's parents, another teacher of the class, the director.
    for (const other of [school.ines, school.mother, school.father, school.informed, school.inesParent, school.otherTeacherA, school.teacherB, school.director]) {
      expect(await threadIdsOf(sessions, other), other.givenName).not.to.include(question.threadId);
      expect((await apiAs(sessions, other).get(`/messages/${question.id}`)).status, other.givenName).to.equal(404);
      expect((await apiAs(sessions, other).get(`/messages/${replyId}`)).status, other.givenName).to.equal(404);
    }
  });

  it('writes to the teachers of the pupil’s class only, never to another class’s teacher, to families or to a class', async () => {
    const { school, sessions } = await schoolOfKind('college');
    expect((await ask(sessions, school.leo, school.teacherB)).status).to.equal(404);
    expect((await ask(sessions, school.leo, school.inesParent)).status).to.equal(404);
    expect((await ask(sessions, school.leo, school.ines)).status).to.equal(404);
    const toFamily = await apiAs(sessions, school.leo).post('/messages', { to: { audience: 'family', pupilId: school.ines.id }, body: 'Salut' });
    expect(toFamily.status).to.equal(403);
    const toClass = await apiAs(sessions, school.leo).post('/messages', { to: { audience: 'class', classId: school.classA.id }, body: 'Salut' });
    expect(toClass.status).to.equal(403);
    // A parent cannot use the pupils' way to a teacher.
    expect((await ask(sessions, school.mother, school.teacherA)).status).to.equal(404);
  });

  it('keeps pupils from writing in an école (and where the kind of school is not said) unless the school allows it', async () => {
    for (const kind of ['ecole', null] as const) {
      const { school, sessions } = await schoolOfKind(kind);
      const refused = await ask(sessions, school.leo, school.teacherA);
      expect(refused.status).to.equal(403);
      expect((refused.body as { error: { code: string } }).error.code).to.equal('MESSAGE_RECIPIENT_NOT_ALLOWED');
    }
    const { school, sessions } = await schoolOfKind('ecole', { pupilsMayWrite: true });
    expect((await ask(sessions, school.leo, school.teacherA)).status).to.equal(201);
    // And a collège may turn it off.
    const closed = await schoolOfKind('college', { pupilsMayWrite: false });
    expect((await ask(closed.sessions, closed.school.leo, closed.school.teacherA)).status).to.equal(403);
  });

  it('keeps the school’s quiet hours for the teacher’s notice and for the pupil’s', async () => {
    const { school, sessions } = await schoolOfKind('college');
    // A collège pupil with an address of their own gets e-mail notices too.
    await testDataSource().query('UPDATE person SET email = ? WHERE id = ?', [`leo.${school.tag}@example.org`, school.leo.id]);
    // Tuesday 24 November 2026, 22:00 in Paris: notices wait for Wednesday 07:30.
    sessions.testApp.clock.set('2026-11-24T21:00:00.000Z');
    const question = sendResponse.parse((await ask(sessions, school.leo, school.teacherA)).body).messages[0]!;
    const reply = await apiAs(sessions, school.teacherA).post(`/messages/${question.id}/replies`, { body: 'Demain !' });
    for (const [messageId, recipient] of [
      [question.id, school.teacherA.id],
      [(reply.body as { id: string }).id, school.leo.id],
    ] as const) {
      const jobs = (await testDataSource().query('SELECT recipientId, notBefore FROM notification_job WHERE messageId = ?', [messageId])) as { recipientId: string; notBefore: unknown }[];
      expect(jobs.length).to.be.greaterThan(0);
      for (const job of jobs) {
        expect(job.recipientId).to.equal(recipient);
        expect(readInstant(job.notBefore).toISOString()).to.equal('2026-11-25T06:30:00.000Z');
      }
    }
  });

  it('lets the guardians who follow the pupil read, not answer, the exchange where the school says so', async () => {
    const { school, sessions } = await schoolOfKind('college', { parentsReadPupilMessages: true });
    const question = sendResponse.parse((await ask(sessions, school.leo, school.teacherA)).body).messages[0]!;
    const reply = (await apiAs(sessions, school.teacherA).post(`/messages/${question.id}/replies`, { body: 'Oui.' })).body as { id: string };
    for (const guardian of [school.mother, school.father, school.informed]) {
      expect(await threadIdsOf(sessions, guardian), guardian.givenName).to.include(question.threadId);
      expect((await apiAs(sessions, guardian).get(`/messages/${reply.id}`)).status).to.equal(200);
      expect((await apiAs(sessions, guardian).post(`/messages/${question.id}/replies`, { body: 'Merci' })).status).to.equal(403);
    }
    // A parent kept away by a decision, and other families, still see nothing.
    for (const other of [school.keptAway, school.inesParent, school.ines]) {
      expect(await threadIdsOf(sessions, other)).not.to.include(question.threadId);
      expect((await apiAs(sessions, other).get(`/messages/${question.id}`)).status).to.equal(404);
    }
  });
});
