import { expect } from 'chai';
import supertest from 'supertest';
import { receiptsResponse, sendResponse } from '../../src/messaging/api-schemas.js';
import { PaperCode } from '../../src/model/index.js';
import { purgePaperCodes } from '../../src/paper/purge-paper-codes.js';
import { TranslationUnavailable, type TranslationProvider } from '../../src/translate/provider.js';
import { testDataSource } from '../support/database.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions } from '../messaging/fixture.js';
import { readSheets, type SheetPage } from '../sharing/pdf-codes.js';
import { asBytes } from '../sharing/support.js';

const BODY = 'Nous irons au musée jeudi. Autorisez-vous votre enfant à venir ?';
const SUBJECT = 'Sortie au musée';
const ARABIC_BODY = 'سنذهب إلى المتحف يوم الخميس. هل تأذنون لطفلكم بالمجيء؟';
const ARABIC_SUBJECT = 'رحلة إلى المتحف';

/** A translation service that knows this message in Arabic, and fails for any other language. */
class ArabicOnly implements TranslationProvider {
  readonly id = `arabic-only-${Date.now()}`;
  async translate(text: string, _from: string, to: string): Promise<string> {
    const known = new Map([
      [BODY, ARABIC_BODY],
      [SUBJECT, ARABIC_SUBJECT],
    ]);
    const translated = to === 'ar' ? known.get(text) : undefined;
    if (translated === undefined) throw new TranslationUnavailable('no such pair');
    return translated;
  }
}

describe('paper copies of an important message', () => {
  let school: Awaited<ReturnType<typeof messagingSchool>>;
  let sessions: Sessions;
  let request: ReturnType<typeof supertest>;
  let messageId: string;
  const as = (person: { id: string }) => apiAs(sessions, person as never);

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp({ translationProvider: new ArabicOnly() }));
    request = supertest(sessions.testApp.app);
    sessions.testApp.clock.set('2026-12-07T08:00:00.000Z');
    // Léo's mother reads Arabic and asked for paper; his father reads Spanish and has not read the message.
    await testDataSource().query('UPDATE person SET preferredLanguage = ? WHERE id = ?', ['ar', school.mother.id]);
    expect((await as(school.mother).put('/me/paper-channel', { paper: true })).body).to.deep.equal({ paper: true });
    const sent = await as(school.teacherA).post('/messages', {
      to: { audience: 'family', pupilId: school.leo.id },
      kind: 'request',
      requestKind: 'authorisation',
      subject: SUBJECT,
      body: BODY,
    });
    expect(sent.status).to.equal(201);
    messageId = sendResponse.parse(sent.body).messages[0]!.id;
  });

  it('lists who needs paper: the guardian who chose it at once, the others once the chosen hours have passed unread', async () => {
    const early = await as(school.teacherA).get(`/messages/${messageId}/paper?hours=2`);
    expect(early.status).to.equal(200);
    const reasons = (body: { recipients: { personId: string; reason: string | null }[] }) => new Map(body.recipients.map((line) => [line.personId, line.reason]));
    expect(reasons(early.body).get(school.mother.id)).to.equal('chosePaper');
    expect(reasons(early.body).get(school.father.id)).to.equal(null);
    expect(reasons(early.body).has(school.keptAway.id)).to.equal(false);
    sessions.testApp.clock.set('2026-12-07T11:00:00.000Z');
    const later = await as(school.teacherA).get(`/messages/${messageId}/paper?hours=2`);
    expect(reasons(later.body).get(school.father.id)).to.equal('notRead');
    // Another teacher of the class did not send it: the paper side is the sender's and the director's.
    expect((await as(school.otherTeacherA).get(`/messages/${messageId}/paper?hours=2`)).status).to.equal(404);
  });

  describe('the printed PDF', () => {
    let pages: SheetPage[];
    let motherPage: SheetPage;

    before(async () => {
      const teacher = await sessions.of(school.teacherA);
      const response = await asBytes(
        request.post(`/messages/${messageId}/paper-copies`).set('Cookie', teacher.cookie).type('form').send({ _csrf: teacher.csrfToken, hours: '2' }),
      );
      expect(response.status, String(response.body)).to.equal(200);
      expect(response.headers['content-type']).to.equal('application/pdf');
      pages = await readSheets(response.body as Buffer);
      motherPage = pages.find((page) => page.text.includes(`${school.mother.givenName} ${school.mother.familyName}`) && page.text.includes('رحلة'))!;
    });

    it('prints the message in French and, beside it, in the family’s language, in reading order', () => {
      expect(motherPage, pages.map((page) => page.text).join('\n----\n')).to.not.equal(undefined);
      const text = motherPage.text.replace(/\s+/g, ' ');
      expect(text).to.include(SUBJECT);
      expect(text).to.include('Nous irons au musée jeudi.');
      expect(text).to.include(ARABIC_SUBJECT);
      expect(text).to.include('سنذهب إلى المتحف');
      // French first on each line, then the Arabic beside it; the slip comes after the message.
      expect(text.indexOf('Nous irons')).to.be.lessThan(text.indexOf('سنذهب'));
      expect(text.indexOf('سنذهب')).to.be.lessThan(text.indexOf('Coupon-réponse'));
      expect(text).to.include('قسيمة الرد');
    });

    it('has a reply slip with the choices and one signature line per guardian with parental authority', () => {
      const text = motherPage.text;
      const lines = text.split('\n').map((line) => line.trim());
      for (const choice of ['Oui', 'نعم', 'Non']) expect(lines).to.include(choice);
      // « لا » is printed as one lam-alef ligature glyph; pdf.js maps it back to its two letters and
      // then reverses the right-to-left item, so the line reads « ال » once extracted.
      expect(lines.some((line) => line === 'لا' || line === 'ال')).to.equal(true);
      for (const guardian of [school.mother, school.father]) expect(text).to.include(`${guardian.givenName} ${guardian.familyName} — signature :`);
      // The grandmother is informed but does not decide; the parent kept away gets nothing.
      expect(text).not.to.include(`${school.informed.givenName} ${school.informed.familyName} — signature`);
      expect(text).not.to.include(school.keptAway.givenName + ' ' + school.keptAway.familyName);
    });

    it('prints French alone with a note when the translation fails (the Spanish-reading father)', () => {
      const fatherPage = pages.find((page) => page.text.includes(`Pour ${school.father.givenName} ${school.father.familyName}`))!;
      expect(fatherPage).to.not.equal(undefined);
      expect(fatherPage.text).to.include('La traduction automatique n’a pas pu être faite');
      expect(fatherPage.text).not.to.include('سنذهب');
    });

    it('carries a QR code that opens the message once, for that guardian, in her language', async () => {
      expect(motherPage.codes).to.have.length(1);
      const url = new URL(motherPage.codes[0]!);
      expect(url.pathname).to.match(/^\/m\/[A-Za-z0-9_-]{43}$/);
      const opened = await request.get(url.pathname);
      expect(opened.status).to.equal(303);
      expect(opened.headers.location).to.equal('/paper-message');
      const cookies = ([] as string[]).concat(opened.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!);
      expect(cookies.some((cookie) => cookie.startsWith('ecarnet_paper='))).to.equal(true);
      expect(cookies).to.include('ecarnet_lang=ar');
      const page = await request.get('/paper-message').set('Cookie', cookies.join('; '));
      expect(page.status).to.equal(200);
      expect(page.text).to.include(ARABIC_BODY);
      expect(page.text).to.include('lang="ar"');
      const receipts = receiptsResponse.parse((await as(school.teacherA).get(`/messages/${messageId}/receipts`)).body);
      expect(receipts.receipts.find((line) => line.personId === school.mother.id)!.readAt).to.not.equal(null);
      // Single use: the same paper does not open a second time.
      expect((await request.get(url.pathname)).status).to.equal(404);
    });
  });

  describe('answers brought back on paper', () => {
  it('records a "yes" brought back on paper, and the receipts say who recorded it', async () => {
    const teacher = await sessions.of(school.teacherA);
    const recorded = await request
      .post(`/messages/${messageId}/paper-answers`)
      .set('Cookie', teacher.cookie)
      .type('form')
      .send({ _csrf: teacher.csrfToken, guardianId: school.father.id, answer: 'yes' });
    expect(recorded.status).to.equal(303);
    const receipts = receiptsResponse.parse((await as(school.teacherA).get(`/messages/${messageId}/receipts`)).body);
    const father = receipts.receipts.find((line) => line.personId === school.father.id)!;
    expect(father.answer).to.equal('yes');
    expect(father.paperRecordedBy).to.equal(`${school.teacherA.givenName} ${school.teacherA.familyName}`);
    expect(receipts.answeredYes).to.equal(1);
    const page = await request.get(`/messages/${messageId}/receipts`).set('Cookie', teacher.cookie);
    expect(page.text).to.include(`réponse sur papier, notée par ${school.teacherA.givenName} ${school.teacherA.familyName}`);
    const audit = (await testDataSource().query("SELECT COUNT(*) AS n FROM audit_event WHERE action = 'messaging.paperAnswerRecorded' AND subjectId = ?", [messageId])) as { n: number | string }[];
    expect(Number(audit[0]!.n)).to.equal(1);
  });

  it('refuses an authorisation slip from a guardian without parental authority, and changes nothing', async () => {
    const refused = await as(school.teacherA).post(`/messages/${messageId}/paper-answers`, { guardianId: school.informed.id, answer: 'yes' });
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('PAPER_ANSWER_NOT_ALLOWED');
    const receipts = receiptsResponse.parse((await as(school.teacherA).get(`/messages/${messageId}/receipts`)).body);
    expect(receipts.receipts.find((line) => line.personId === school.informed.id)!.answer).to.equal(null);
  });
});

  describe('pages', () => {
    it('gives the sender a paper page: who needs paper, the print button and the answer forms', async () => {
      const teacher = await sessions.of(school.teacherA);
      const page = await request.get(`/messages/${messageId}/paper?hours=2`).set('Cookie', teacher.cookie);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('Copies papier et coupons-réponses');
      expect(page.text).to.include(`action="/messages/${messageId}/paper-copies"`);
      expect(page.text).to.include(`value="${school.father.id}"`);
      const receipts = await request.get(`/messages/${messageId}/receipts`).set('Cookie', teacher.cookie);
      expect(receipts.text).to.include(`/messages/${messageId}/paper`);
    });

    it('lets a guardian choose paper on their preferences, and stop', async () => {
      const father = await sessions.of(school.father);
      const saved = await request.post('/paper-channel').set('Cookie', father.cookie).type('form').send({ _csrf: father.csrfToken, paper: 'on' });
      expect(saved.status).to.equal(303);
      expect((await as(school.father).get('/me/paper-channel')).body).to.deep.equal({ paper: true });
      await request.post('/paper-channel').set('Cookie', father.cookie).type('form').send({ _csrf: father.csrfToken });
      expect((await as(school.father).get('/me/paper-channel')).body).to.deep.equal({ paper: false });
      const page = await request.get('/paper-channel').set('Cookie', father.cookie);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('name="paper"');
    });
  });

  describe('housekeeping', () => {
    it('deletes the paper codes that open nothing any more, and keeps those that still may', async () => {
      const codes = async () => (await testDataSource().getRepository(PaperCode).findBy({ messageId })).length;
      const before = await codes();
      expect(before).to.be.greaterThan(0);
      const live = (await testDataSource().getRepository(PaperCode).findBy({ messageId })).filter(
        (code) => code.revokedAt === null && (code.usedAt === null || code.sessionExpiresAt!.getTime() > sessions.testApp.clock.now().getTime()),
      ).length;
      expect(live).to.be.greaterThan(0);
      await purgePaperCodes(testDataSource(), sessions.testApp.clock.now());
      expect(await codes()).to.equal(live);
      await purgePaperCodes(testDataSource(), new Date('2028-01-01T00:00:00.000Z'));
      expect(await codes()).to.equal(0);
    });
  });
});
