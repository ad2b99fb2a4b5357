import { expect } from 'chai';
import { receiptsResponse, sendResponse, threadResponse } from '../../src/messaging/api-schemas.js';
import { ApertiumApyProvider } from '../../src/translate/apertium-apy.js';
import { startApertium, type TestApertium } from '../support/apertium.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from './api-client.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from './fixture.js';

/*
 * A conversation after the message is sent: reading in one's language (real Apertium APy),
 * answering an authorisation, receipts, reactions, replies without reply-all, recall.
 */
describe('messaging: conversations', function () {
  this.timeout(60_000);
  let apertium: TestApertium;
  let school: MessagingSchool;
  let sessions: Sessions;
  const as = (person: Parameters<typeof apiAs>[1]) => apiAs(sessions, person);

  before(async () => {
    apertium = await startApertium();
    school = await messagingSchool();
    sessions = new Sessions(createTestApp({ translationProvider: new ApertiumApyProvider(apertium.url) }));
  });
  after(async () => {
    await apertium?.close();
  });

  async function authorisation(body = 'Nous irons au musée demain. Autorisez-vous votre enfant à venir ?'): Promise<string> {
    const sent = await as(school.teacherA).post('/messages', {
      to: { audience: 'family', pupilId: school.leo.id },
      kind: 'request',
      requestKind: 'authorisation',
      subject: 'Sortie au musée',
      body,
    });
    expect(sent.status).to.equal(201);
    return sendResponse.parse(sent.body).messages[0]!.id;
  }

  it('shows the message in Spanish to the Spanish-speaking father, the original one tap away', async () => {
    const id = await authorisation();
    const translated = threadResponse.parse((await as(school.father).get(`/messages/${id}`)).body);
    const message = translated.messages[0]!;
    expect(message.shownAs).to.equal('translated');
    expect(message.body.toLowerCase()).to.include('museo');
    expect(message.original?.body).to.include('musée');
    const original = threadResponse.parse((await as(school.father).get(`/messages/${id}?original=true`)).body);
    expect(original.messages[0]!.body).to.include('musée');
    expect(original.messages[0]!.shownAs).to.equal('original');
    // The French mother reads it as written.
    const mother = threadResponse.parse((await as(school.mother).get(`/messages/${id}`)).body);
    expect(mother.messages[0]!.shownAs).to.equal('original');
  });

  it('shows the original with a notice when the translation server is down', async () => {
    const id = await authorisation('Le car part à 8 heures.');
    const downSessions = new Sessions(createTestApp({ translationProvider: new ApertiumApyProvider('http://127.0.0.1:9', 500) }));
    const thread = threadResponse.parse((await apiAs(downSessions, school.father).get(`/messages/${id}`)).body);
    expect(thread.messages[0]!.shownAs).to.equal('translationUnavailable');
    expect(thread.messages[0]!.body).to.equal('Le car part à 8 heures.');
  });

  it('lets each guardian with parental authority answer, and shows the teacher who answered and who has not read', async () => {
    const id = await authorisation();
    expect((await as(school.father).post(`/messages/${id}/read`)).status).to.equal(204);
    expect((await as(school.father).post(`/messages/${id}/answer`, { answer: 'yes' })).status).to.equal(204);
    const informed = await as(school.informed).post(`/messages/${id}/answer`, { answer: 'no' });
    expect(informed.status).to.equal(403);
    expect(informed.body.error.code).to.equal('FORBIDDEN');
    const receipts = receiptsResponse.parse((await as(school.teacherA).get(`/messages/${id}/receipts`)).body);
    expect(receipts.total).to.equal(3);
    expect(receipts.read).to.equal(1);
    expect(receipts.answeredYes).to.equal(1);
    const father = receipts.receipts.find((receipt) => receipt.personId === school.father.id)!;
    expect(father.answer).to.equal('yes');
    expect(father.answeredAt).to.be.a('string');
    expect(receipts.notRead.map((receipt) => receipt.personId).sort()).to.deep.equal([school.mother.id, school.informed.id].sort());
    // The director may see them; a parent may not.
    expect((await as(school.director).get(`/messages/${id}/receipts`)).status).to.equal(200);
    expect((await as(school.mother).get(`/messages/${id}/receipts`)).body.error.code).to.equal('FORBIDDEN');
  });

  it('refuses an answer to a message that asks nothing', async () => {
    const sent = await as(school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.leo.id }, body: 'Information' });
    const id = sendResponse.parse(sent.body).messages[0]!.id;
    const response = await as(school.mother).post(`/messages/${id}/answer`, { answer: 'yes' });
    expect(response.body.error.code).to.equal('MESSAGE_NOT_ANSWERABLE');
  });

  it('records acknowledgements and toggles reactions', async () => {
    const id = await authorisation();
    expect((await as(school.mother).post(`/messages/${id}/acknowledge`)).status).to.equal(204);
    expect((await as(school.mother).post(`/messages/${id}/reactions`, { reaction: 'thanks' })).body).to.deep.equal({ reaction: 'thanks', on: true });
    const thread = threadResponse.parse((await as(school.teacherA).get(`/messages/${id}`)).body);
    expect(thread.messages[0]!.reactions.find((entry) => entry.reaction === 'thanks')).to.deep.equal({ reaction: 'thanks', count: 1, mine: false });
    expect((await as(school.mother).post(`/messages/${id}/reactions`, { reaction: 'thanks' })).body.on).to.equal(false);
    expect((await as(school.mother).post(`/messages/${id}/reactions`, { reaction: 'kiss' })).body.error.code).to.equal('VALIDATION_FAILED');
  });

  it("sends a parent's reply to the teacher only: other families never see it", async () => {
    const sent = await as(school.teacherA).post('/messages', { to: { audience: 'class', classId: school.classA.id }, body: 'Sortie vendredi' });
    const id = sendResponse.parse(sent.body).messages[0]!.id;
    sessions.testApp.clock.advanceMinutes(1);
    const replied = await as(school.mother).post(`/messages/${id}/replies`, { body: 'Léo sera absent.' });
    expect(replied.status).to.equal(201);
    const recipients = (await testDataSource().query('SELECT personId FROM message_recipient WHERE messageId = ?', [replied.body.id])) as { personId: string }[];
    expect(recipients.map((row) => row.personId)).to.deep.equal([school.teacherA.id]);
    const otherFamily = threadResponse.parse((await as(school.inesParent).get(`/messages/${id}`)).body);
    expect(otherFamily.messages.map((message) => message.body)).to.deep.equal(['Sortie vendredi']);
    const teacher = threadResponse.parse((await as(school.teacherA).get(`/messages/${id}`)).body);
    expect(teacher.messages.map((message) => message.body)).to.deep.equal(['Sortie vendredi', 'Léo sera absent.']);
    // The author answers that family's reply privately, and the first message's recipients all together.
    const toMother = await as(school.teacherA).post(`/messages/${replied.body.id}/replies`, { body: 'Merci, noté.' });
    const privately = (await testDataSource().query('SELECT personId FROM message_recipient WHERE messageId = ?', [toMother.body.id])) as { personId: string }[];
    expect(privately.map((row) => row.personId)).to.deep.equal([school.mother.id]);
    const toAll = await as(school.teacherA).post(`/messages/${id}/replies`, { body: 'Départ à 8 h 30.' });
    const everyone = (await testDataSource().query('SELECT COUNT(*) AS n FROM message_recipient WHERE messageId = ?', [toAll.body.id])) as { n: number | string }[];
    expect(Number(everyone[0]!.n)).to.equal(4);
  });

  it('recalls within the delay; then nobody can reply and the words are gone', async () => {
    const { clock } = sessions.testApp;
    const id = await authorisation('Message envoyé par erreur');
    expect((await as(school.mother).post(`/messages/${id}/recall`)).body.error.code).to.equal('FORBIDDEN');
    expect((await as(school.teacherA).post(`/messages/${id}/recall`)).status).to.equal(204);
    const seen = threadResponse.parse((await as(school.mother).get(`/messages/${id}`)).body);
    expect(seen.messages[0]!.recalled).to.equal(true);
    expect(seen.messages[0]!.body).to.equal('');
    const reply = await as(school.mother).post(`/messages/${id}/replies`, { body: 'Quoi ?' });
    expect(reply.status).to.equal(409);
    expect(reply.body.error.code).to.equal('MESSAGE_RECALLED');
    expect((await as(school.mother).post(`/messages/${id}/answer`, { answer: 'yes' })).body.error.code).to.equal('MESSAGE_RECALLED');

    const late = await authorisation('Trop tard pour rappeler');
    clock.advanceMinutes(61);
    expect((await as(school.teacherA).post(`/messages/${late}/recall`)).body.error.code).to.equal('MESSAGE_RECALL_EXPIRED');
  });

  it('stops showing a message to a guardian the moment a decision keeps them away', async () => {
    const id = await authorisation();
    expect((await as(school.mother).get(`/messages/${id}`)).status).to.equal(200);
    await testDataSource().query("UPDATE guardianship SET status = 'noAccess' WHERE guardianId = ? AND childId = ?", [school.mother.id, school.leo.id]);
    try {
      expect((await as(school.mother).get(`/messages/${id}`)).status).to.equal(404);
      const inbox = (await as(school.mother).get('/messages')).body as { threads: { threadId: string }[] };
      expect(inbox.threads.map((thread) => thread.threadId)).to.not.include(id);
    } finally {
      await testDataSource().query("UPDATE guardianship SET status = 'full' WHERE guardianId = ? AND childId = ?", [school.mother.id, school.leo.id]);
    }
  });

  it('lists threads with unread counts', async () => {
    const id = await authorisation('Pour la boîte de réception');
    const inbox = (await as(school.father).get('/messages')).body as { threads: { threadId: string; unread: number }[] };
    expect(inbox.threads.find((thread) => thread.threadId === id)?.unread).to.equal(1);
  });
});
