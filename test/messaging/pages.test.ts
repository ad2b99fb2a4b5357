import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { EmailChannel } from '../../src/notify/channels/email.js';
import { testDataSource } from '../support/database.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from './fixture.js';

/* The messaging pages' forms: errors shown on the form, in the reader's language, and the demo e-mail folder. */
describe('messaging: pages and forms', function () {
  this.timeout(30_000);
  let school: MessagingSchool;
  let sessions: Sessions;

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp());
  });

  async function postForm(person: MessagingSchool['mother'], url: string, form: Record<string, string>) {
    const session = await sessions.of(person);
    return request(sessions.testApp.app).post(url).set('Cookie', session.cookie).type('form').send({ ...form, _csrf: session.csrfToken });
  }

  it('shows an empty message refused on the compose form itself, keeping what was typed', async () => {
    const response = await postForm(school.teacherA, '/messages', { to: `family:${school.leo.id}`, subject: 'Piscine', body: '  ' });
    expect(response.status).to.equal(400);
    expect(response.text).to.include('role="alert"').and.to.include('Message : C’est trop court.').and.to.include('value="Piscine"');
  });

  it('shows a recipient the sender may not reach as such on the form', async () => {
    const response = await postForm(school.teacherB, '/messages', { to: `family:${school.leo.id}`, body: 'Bonjour' });
    expect(response.status).to.equal(403);
    expect(response.text).to.include('Vous ne pouvez pas écrire à ces destinataires');
  });

  it('sends from the form and opens the thread; a parent sees the school’s reply-time commitment', async () => {
    const sent = await postForm(school.teacherA, '/messages', { to: `family:${school.leo.id}`, requestKind: 'authorisation', body: 'Sortie jeudi ?' });
    expect(sent.status).to.equal(303);
    const thread = sent.headers.location as string;
    const session = await sessions.of(school.mother);
    const page = await request(sessions.testApp.app).get(thread).set('Cookie', session.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Donnez-vous votre autorisation ?').and.to.include('L’école s’engage à vous répondre sous 48 heures');
    const compose = await request(sessions.testApp.app).get('/messages/new').set('Cookie', session.cookie);
    expect(compose.text).to.include('L’école s’engage à vous répondre sous 48 heures');
  });

  it('sends a compose form sent twice once, and shows the second send the message already sent', async () => {
    const session = await sessions.of(school.teacherA);
    const form = await request(sessions.testApp.app).get('/messages/new').set('Cookie', session.cookie);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)?.[1];
    expect(key, 'the form carries its own key').to.match(/^[0-9a-f-]{36}$/);
    const text = `Réunion de rentrée ${key}`;
    const send = () =>
      request(sessions.testApp.app)
        .post('/messages')
        .set('Cookie', session.cookie)
        .field('_csrf', session.csrfToken)
        .field('idempotencyKey', key!)
        .field('to', `family:${school.leo.id}`)
        .field('body', text)
        .attach('files', Buffer.from('%PDF-1.4\n%%EOF\n'), 'convocation.pdf');
    const first = await send();
    const second = await send();
    expect(first.status, first.text.slice(0, 300)).to.equal(303);
    expect(second.status, second.text.slice(0, 300)).to.equal(303);
    expect(second.headers.location).to.equal(first.headers.location);
    const stored = (await testDataSource().query('SELECT COUNT(*) AS n FROM message WHERE body = ?', [text])) as { n: number | string }[];
    expect(Number(stored[0]!.n)).to.equal(1);
  });

  it('refuses an unknown language on the preferences form', async () => {
    const response = await postForm(school.mother, '/messages/preferences', { preferredLanguage: 'xx', digest: 'daily' });
    expect(response.status).to.equal(400);
    expect(response.text).to.include('Ce choix n’est pas proposé.');
    const saved = await postForm(school.mother, '/messages/preferences', { preferredLanguage: 'es', digest: 'daily', quietStart: '20:00', quietEnd: '07:00', emailEnabled: 'on' });
    expect(saved.status).to.equal(303);
  });

  it('lists each reading language in its own name, and a language the interface speaks takes effect at once', async () => {
    const session = await sessions.of(school.inesParent);
    const form = await request(sessions.testApp.app).get('/messages/preferences').set('Cookie', session.cookie);
    expect(form.text).to.include('<option value="ar" lang="ar">العربية</option>');
    expect(form.text).to.include('<option value="tr" lang="tr">Türkçe</option>');
    expect(form.text).to.include('<option value="uk" lang="uk">Українська</option>');
    expect(form.text).to.not.include('>arabe<');

    const saved = await request(sessions.testApp.app)
      .post('/messages/preferences')
      .set('Cookie', session.cookie)
      .type('form')
      .send({ _csrf: session.csrfToken, preferredLanguage: 'ar', digest: 'daily' });
    expect(saved.status).to.equal(303);
    const languageCookie = (saved.headers['set-cookie'] as unknown as string[] | undefined)?.find((cookie) => cookie.startsWith('ecarnet_lang='));
    expect(languageCookie, 'the interface language is remembered').to.match(/^ecarnet_lang=ar;/);
    // The next page, in the same session, is in Arabic, right to left.
    const next = await request(sessions.testApp.app).get(saved.headers.location!).set('Cookie', [session.cookie, languageCookie!.split(';')[0]!].join('; '));
    expect(next.text).to.match(/<html lang="ar" dir="rtl"/);
  });

  it('writes e-mails as files in the data folder when no SMTP server is configured (demo)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e-carnet-mail-'));
    try {
      const channel = new EmailChannel({ smtpUrl: null, from: 'e-carnet <no-reply@localhost>', dataDir, hostname: 'localhost' });
      await channel.deliver({
        id: 'job-1',
        channel: 'email',
        recipient: { personId: 'p', name: 'Julie Petit', email: 'julie.petit@example.org', language: 'fr' },
        messages: [],
        link: 'http://localhost:3000/messages/x',
        title: 'Claire Martin : un message',
        text: 'Claire Martin vous a envoyé un message sur e-carnet.',
      });
      const file = fs.readFileSync(path.join(dataDir, 'mail', 'job-1.eml'), 'utf8');
      expect(file).to.include('Message-ID: <job-1@localhost>').and.to.include('julie.petit@example.org');
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('messaging: the school’s rules page', function () {
  this.timeout(30_000);

  it('lets the director change the hours from a form, and shows them read-only to teachers', async () => {
    const school = await messagingSchool();
    const sessions = new Sessions(createTestApp());
    const director = await sessions.of(school.director);
    const url = `/schools/${school.factory.id}/messaging-settings`;
    const saved = await request(sessions.testApp.app)
      .post(url)
      .set('Cookie', director.cookie)
      .type('form')
      .send(`_csrf=${director.csrfToken}&start=08:15&end=18:45&days=1&days=2&days=4&days=5&parentsMayWriteTo=mainTeacherOnly&urgentRoles=director&replyWithinHours=24&recallMinutes=30`);
    expect(saved.status).to.equal(303);
    const teacher = await sessions.of(school.teacherA);
    const page = await request(sessions.testApp.app).get(url).set('Cookie', teacher.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('value="08:15"').and.to.include('<fieldset disabled>').and.not.to.include('>Enregistrer</button>');
    const rows = (await testDataSource().query('SELECT settingsJson FROM school WHERE id = ?', [school.factory.id])) as { settingsJson: string }[];
    expect(JSON.parse(rows[0]!.settingsJson).messaging).to.deep.include({ parentsMayWriteTo: 'mainTeacherOnly', replyWithinHours: 24, recallMinutes: 30, representativesMayWrite: false });
  });
});
