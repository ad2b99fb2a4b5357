import { expect } from 'chai';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { PhrasebookProvider } from '../support/phrasebook-provider.js';
import { postEntryForm } from '../portfolio/support.js';
import { sharedClass } from '../sharing/support.js';
import type { TranslationProvider } from '../../src/translate/provider.js';

const ARABIC = {
  'fr>ar': {
    'Léa lit une histoire': 'ليا تقرأ قصة',
    Bravo: 'أحسنت',
    'Lire à voix haute': 'القراءة بصوت عالٍ',
    'Lecture et écriture': 'القراءة والكتابة',
    'Le conte du loup': 'حكاية الذئب',
    'Elle a lu sans aide.': 'قرأت دون مساعدة.',
  },
  'ar>fr': { 'شكرا على الصور': 'Merci pour les photos' },
};

/*
 * What a family reads is translated into its language when read: entry titles and comments,
 * skill names, the families' comments for the teacher; the words as written one tap away; a
 * provider that does not answer never holds the page.
 */
describe('translation of what families read, on the pages', function () {
  this.timeout(30_000);
  let test: TestApp;
  let world: Awaited<ReturnType<typeof sharedClass>>;
  let parent: SignedIn;
  let skilled: string;
  const phrasebook = new PhrasebookProvider(ARABIC);

  before(async () => {
    test = createTestApp({ translationProvider: phrasebook });
    const school = await SchoolFactory.create(testDataSource());
    world = await sharedClass(test, school);
    const guardian = world.families.guardians[0]!;
    await testDataSource().query('UPDATE person SET preferredLanguage = ? WHERE id = ?', ['ar', guardian.id]);
    parent = await test.signIn(guardian.id);
    const skill = await world.request
      .post(`/api/v1/schools/${school.school.id}/skills`)
      .set('Cookie', world.teacher.cookie)
      .set('X-CSRF-Token', world.teacher.csrfToken)
      .send({ cycle: 2, domainCode: 'c2-lecture-club', domainLabel: 'Lecture et écriture', label: 'Lire à voix haute' });
    expect(skill.status, skill.text).to.equal(201);
    const posted = await postEntryForm(world.request, world.families.klass.id, world.teacher, {
      peopleReviewed: 'yes',
      audience: 'children',
      pupilIds: world.lea.id,
      title: 'Le conte du loup',
      comment: 'Elle a lu sans aide.',
      skillId: skill.body.id,
      skillLevel: 'achieved',
      when: 'now',
    });
    expect(posted.status, posted.text).to.equal(303);
    skilled = posted.headers.location!.split('/').at(-1)!;
    // An evaluation reaches families after the school's delay.
    test.clock.advanceMinutes(7 * 24 * 60);
    parent = await test.signIn(guardian.id);
  });

  it('shows the timeline in Arabic, each text isolated in its direction, the original one tap away', async () => {
    const page = await world.request.get(`/children/${world.lea.id}/portfolio`).set('Cookie', parent.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`<h2 id="entry-${skilled}" dir="auto" lang="ar">`).and.include('حكاية الذئب').and.include('قرأت دون مساعدة.').and.include('القراءة بصوت عالٍ');
    expect(page.text).to.include('ليا تقرأ قصة').and.not.include('Le conte du loup');
    expect(page.text).to.include(`href="?original&#x3D;1#entry-${skilled}">Voir l’original</a>`);
    const original = await world.request.get(`/children/${world.lea.id}/portfolio?original=1`).set('Cookie', parent.cookie);
    expect(original.text).to.include('Le conte du loup').and.include('Lire à voix haute').and.not.include('حكاية الذئب');
    expect(original.text).to.include('Voir la traduction');
  });

  it('translates an entry’s page and the skills dashboard, and asks the provider once per text', async () => {
    const entry = await world.request.get(`/portfolio/entries/${skilled}`).set('Cookie', parent.cookie);
    expect(entry.text).to.include('<h1 id="entry-title" dir="auto" lang="ar">حكاية الذئب</h1>').and.include('القراءة والكتابة');
    const calls = phrasebook.calls;
    const skills = await world.request.get(`/children/${world.lea.id}/skills`).set('Cookie', parent.cookie);
    expect(skills.text).to.include('القراءة بصوت عالٍ').and.include('القراءة والكتابة').and.include('حكاية الذئب').and.include('Voir l’original');
    expect(phrasebook.calls, 'every text was already in the cache').to.equal(calls);
  });

  it('shows the teacher a family’s comment in French, as written one tap away', async () => {
    const sent = await world.request
      .post(`/portfolio/entries/${skilled}/responses`)
      .set('Cookie', parent.cookie)
      .type('form')
      .send({ _csrf: parent.csrfToken, body: 'شكرا على الصور' });
    expect(sent.status, sent.text).to.equal(303);
    const teacher = await test.signIn(world.families.teacher.id);
    const page = await world.request.get(`/portfolio/entries/${skilled}`).set('Cookie', teacher.cookie);
    expect(page.text).to.include('<span dir="auto" lang="fr">Merci pour les photos</span>');
    const original = await world.request.get(`/portfolio/entries/${skilled}?original=1`).set('Cookie', teacher.cookie);
    expect(original.text).to.include('<span dir="auto" lang="ar">شكرا على الصور</span>');
  });

  it('never holds a page for a provider that does not answer: the words as written, with a notice', async () => {
    const silent: TranslationProvider = { id: 'silent', translate: () => new Promise<string>(() => undefined) };
    const stalled = createTestApp({ translationProvider: silent, clock: test.clock });
    const session = await stalled.signIn(world.families.guardians[0]!.id);
    const started = Date.now();
    const page = await (await import('supertest')).default(stalled.app).get(`/children/${world.lea.id}/portfolio`).set('Cookie', session.cookie);
    expect(page.status).to.equal(200);
    expect(Date.now() - started).to.be.below(8000);
    expect(page.text).to.include('Le conte du loup').and.include('translation-unavailable');
  });
});
