import { expect } from 'chai';
import request from 'supertest';
import { testDataSource } from '../support/database.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from './fixture.js';

/* Recalling from the pages: asked to confirm first (without JavaScript), then families see only that it was withdrawn. */
describe('messaging: recalling a message from the pages', function () {
  this.timeout(30_000);
  let school: MessagingSchool;
  let sessions: Sessions;

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp());
  });

  async function get(person: MessagingSchool['mother'], url: string) {
    const session = await sessions.of(person);
    return request(sessions.testApp.app).get(url).set('Cookie', session.cookie).set('Accept', 'text/html');
  }
  async function postForm(person: MessagingSchool['mother'], url: string, form: Record<string, string>) {
    const session = await sessions.of(person);
    return request(sessions.testApp.app).post(url).set('Cookie', session.cookie).type('form').send({ ...form, _csrf: session.csrfToken });
  }
  async function isRecalled(id: string): Promise<boolean> {
    const rows = (await testDataSource().query('SELECT recalledAt FROM message WHERE id = ?', [id])) as { recalledAt: unknown }[];
    return rows[0]!.recalledAt !== null;
  }

  it('asks to confirm before recalling; one tap on the thread recalls nothing', async () => {
    const sent = await postForm(school.teacherA, '/messages', { to: `family:${school.leo.id}`, subject: 'Piscine mardi', body: 'Pensez au bonnet.' });
    const id = sent.headers.location!.split('/').pop()!;

    const thread = await get(school.teacherA, `/messages/${id}`);
    expect(thread.text).to.include(`href="/messages/${id}/recall"`);
    expect(thread.text).not.to.include(`action="/messages/${id}/recall"`);

    const unconfirmed = await postForm(school.teacherA, `/messages/${id}/recall`, {});
    expect(unconfirmed.status).to.equal(303);
    expect(unconfirmed.headers.location).to.equal(`/messages/${id}/recall`);
    expect(await isRecalled(id)).to.equal(false);

    const confirm = await get(school.teacherA, `/messages/${id}/recall`);
    expect(confirm.status).to.equal(200);
    expect(confirm.text).to.include('Rappeler ce message ?').and.to.include('Piscine mardi').and.to.include('name="confirm" value="yes"');
    expect(confirm.text).to.include(`href="/messages/${id}"`);

    expect((await postForm(school.teacherA, `/messages/${id}/recall`, { confirm: 'yes' })).status).to.equal(303);
    expect(await isRecalled(id)).to.equal(true);
  });

  it('shows families a recalled message as withdrawn: no subject, not unread, and its page says so', async () => {
    const sent = await postForm(school.teacherA, '/messages', { to: `family:${school.leo.id}`, subject: 'Sortie au musée', body: 'Rendez-vous à 9 h.' });
    const id = sent.headers.location!.split('/').pop()!;
    const before = await get(school.mother, '/messages');
    expect(before.text).to.include('Sortie au musée');
    await postForm(school.teacherA, `/messages/${id}/recall`, { confirm: 'yes' });

    const inbox = await get(school.mother, '/messages');
    expect(inbox.text).not.to.include('Sortie au musée');
    expect(inbox.text).to.include('Message retiré');
    const card = inbox.text.slice(inbox.text.indexOf(`/messages/${id}"`));
    expect(card.slice(0, card.indexOf('</li>'))).not.to.include('unread-count');

    const page = await get(school.mother, `/messages/${id}`);
    expect(page.text).to.match(/<title>[^<]*Message retiré/);
    expect(page.text).not.to.include('Sortie au musée');
    expect(page.text).not.to.match(/<title>[^<]*Information/);
  });

  it('does not offer to recall a message of someone else', async () => {
    const sent = await postForm(school.teacherA, '/messages', { to: `family:${school.leo.id}`, body: 'Bonjour' });
    const id = sent.headers.location!.split('/').pop()!;
    expect((await get(school.mother, `/messages/${id}/recall`)).status).to.equal(403);
  });
});
