import { expect } from 'chai';
import supertest from 'supertest';
import { Person, PortfolioMedium } from '../../src/model/index.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, phonePhoto, postEntryForm } from '../portfolio/support.js';

/** The media a page shows as thumbnails (the home page's cards link each to its entry). */
function thumbnailIds(html: string): string[] {
  return [...html.matchAll(/\/media\/([0-9a-f-]{36})\/thumbnail/g)].map((match) => match[1]!);
}

/*
 * The home page is news first: each family sees the new photos of their own child since their
 * last visit, cut by image rights exactly as the timeline cuts them, their unread messages, the
 * requests waiting for their answer and when the next news comes; the teacher sees what is
 * unread today and whose answers are missing; a pupil finds their own portfolio.
 */
describe('home: news first, for each role', () => {
  let test: TestApp;
  let request: ReturnType<typeof supertest>;
  let families: Awaited<ReturnType<typeof classWithFamilies>>;
  let classPhotoId: string;
  let tomPhotoId: string;
  let requestId: string;
  const home = async (session: SignedIn) => {
    const page = await request.get('/home').set('Cookie', session.cookie);
    expect(page.status, page.text).to.equal(200);
    return page.text;
  };

  before(async () => {
    // Friday 20 November 2026, 10:00 in Paris; the default publication slot is Friday 16:30.
    test = createTestApp();
    test.clock.set('2026-11-20T09:00:00.000Z');
    request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    // Léa and Noé consent for the class, Zoé has no consent at all, Tom for the school.
    families = await classWithFamilies(school, ['class', 'class', 'none', 'school']);
    const [lea, noe, zoe, tom] = families.pupils;
    // A name French elides before: "photo d’Émile", never "de Émile".
    await testDataSource().getRepository(Person).update({ id: tom!.id }, { givenName: 'Émile' });
    const teacher = await test.signIn(families.teacher.id);
    const classMoment = await postEntryForm(
      request,
      families.klass.id,
      teacher,
      { audience: 'class', momentKind: 'outing', title: 'Sortie à la ferme', comment: 'Une belle journée.', peopleReviewed: 'yes', appearing: [lea!.id, noe!.id, zoe!.id], when: 'now' },
      [{ name: 'IMG_0001.jpg', content: await phonePhoto() }],
    );
    expect(classMoment.status, classMoment.text).to.equal(303);
    const ofTom = await postEntryForm(
      request,
      families.klass.id,
      teacher,
      { audience: 'children', pupilIds: tom!.id, title: 'Tom lit', comment: 'Premier livre lu seul.', peopleReviewed: 'yes', appearing: [tom!.id], when: 'now' },
      [{ name: 'IMG_0002.jpg', content: await phonePhoto() }],
    );
    expect(ofTom.status, ofTom.text).to.equal(303);
    const media = testDataSource().getRepository(PortfolioMedium);
    classPhotoId = (await media.findOneByOrFail({ entryId: classMoment.headers.location!.split('/').at(-1)! })).id;
    tomPhotoId = (await media.findOneByOrFail({ entryId: ofTom.headers.location!.split('/').at(-1)! })).id;

    const sent = await request
      .post('/api/v1/messages')
      .set('Cookie', teacher.cookie)
      .set('X-CSRF-Token', teacher.csrfToken)
      .set('Accept', 'application/json')
      .send({ to: { audience: 'family', pupilId: tom!.id }, kind: 'request', requestKind: 'authorisation', subject: 'Sortie au musée', body: 'Autorisez-vous Tom à venir ?' });
    expect(sent.status, sent.text).to.equal(201);
    requestId = (sent.body as { messages: { id: string }[] }).messages[0]!.id;
    test.clock.set('2026-11-20T09:30:00.000Z');
  });

  it('shows each family the new photos of their own child only, cut by image rights as the timeline is', async () => {
    const [leaParent, , zoeParent, tomParent] = families.guardians;
    const [lea, , zoe, tom] = families.pupils;
    const [leaHome, zoeHome, tomHome] = await Promise.all([leaParent, zoeParent, tomParent].map(async (guardian) => home(await test.signIn(guardian!.id))));
    // Zoé appears without consent: her own family sees the class photo, Léa's does not.
    expect(thumbnailIds(zoeHome)).to.deep.equal([classPhotoId]);
    expect(thumbnailIds(leaHome)).to.deep.equal([]);
    expect(leaHome).to.include('1 nouveauté dans le carnet').and.to.include(`/children/${lea!.id}/portfolio`);
    // Tom's own photo, never the class photo where Zoé appears, and nobody else's child.
    expect(thumbnailIds(tomHome)).to.deep.equal([tomPhotoId]);
    expect(tomHome).to.include('1 nouvelle photo ou vidéo').and.to.include('alt="Nouvelle photo 1 d’Émile"').and.to.include('aria-label="Nouveautés d’Émile"');
    expect(zoeHome).to.include(`/children/${zoe!.id}/portfolio`).and.not.to.include(`/children/${tom!.id}/portfolio`);
  });

  it('tells what is new since the family’s last visit to the portfolio, and when the next news comes', async () => {
    const tomParent = families.guardians[3]!;
    const tom = families.pupils[3]!;
    const session = await test.signIn(tomParent.id);
    expect(await home(session)).to.include('Prochaines nouvelles <time datetime="2026-11-20T15:30:00.000Z">vendredi 16 h 30</time>');
    await request.get(`/children/${tom.id}/portfolio`).set('Cookie', session.cookie).expect(200);
    test.clock.set('2026-11-20T10:00:00.000Z');
    const later = await home(session);
    expect(thumbnailIds(later)).to.deep.equal([]);
    expect(later).to.include('Rien de nouveau depuis votre dernière visite.');
  });

  it('counts unread messages and lists the request waiting for the family’s answer, until they answer', async () => {
    const tomParent = families.guardians[3]!;
    const leaParent = families.guardians[0]!;
    const session = await test.signIn(tomParent.id);
    const page = await home(session);
    expect(page).to.include('1 message non lu');
    expect(page).to.match(new RegExp(`<a href="/messages/${requestId}"><bdi lang="fr">Sortie au musée</bdi></a>\\s*<span class="badge">Autorisation</span>`));
    expect(page).to.include('demandé le <time datetime="2026-11-20T09:00:00.000Z">');
    // The bottom navigation carries the same count, in words for screen readers.
    expect(page).to.include('<span class="nav-badge" aria-hidden="true">1</span><span class="visually-hidden">1 non lu</span>');
    expect(page).to.match(/<a href="\/home" aria-current="page">/);
    // Another family has nothing unread and nothing to answer.
    const other = await home(await test.signIn(leaParent.id));
    expect(other).to.include('Aucun message non lu').and.not.to.include('Sortie au musée');

    const teacher = await test.signIn(families.teacher.id);
    expect(await home(teacher)).to.include('Vos demandes : réponses manquantes').and.to.include('1 famille n’a pas répondu');
    await request
      .post(`/api/v1/messages/${requestId}/answer`)
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .set('Accept', 'application/json')
      .send({ answer: 'yes' })
      .expect(204);
    const answered = await home(session);
    expect(answered).not.to.include('Sortie au musée');
    expect(answered).to.include('Aucun message non lu');
    expect(await home(teacher)).not.to.include('Vos demandes : réponses manquantes');
  });

  it('shows the teacher what arrived today and still waits', async () => {
    const tomParent = families.guardians[3]!;
    const parent = await test.signIn(tomParent.id);
    const sent = await request
      .post('/api/v1/messages')
      .set('Cookie', parent.cookie)
      .set('X-CSRF-Token', parent.csrfToken)
      .set('Accept', 'application/json')
      .send({ to: { audience: 'teacher', pupilId: families.pupils[3]!.id, teacherId: families.teacher.id }, kind: 'information', subject: 'Rendez-vous', body: 'Pouvons-nous nous voir ?' });
    expect(sent.status, sent.text).to.equal(201);
    const teacherHome = await home(await test.signIn(families.teacher.id));
    expect(teacherHome).to.include('1 message non lu').and.to.include('1 reçu aujourd’hui');
    // The weekly rhythm block stays.
    expect(teacherHome).to.include('Prochaine publication :');
    test.clock.set('2026-11-21T09:00:00.000Z');
    const nextDay = await home(await test.signIn(families.teacher.id));
    expect(nextDay).to.include('1 message non lu').and.not.to.include('reçu aujourd’hui');
  });

  it('gives a pupil a link to their own portfolio, and the bottom navigation’s “Carnet” leads to it', async () => {
    const tom = families.pupils[3]!;
    const session = await test.signIn(tom.id);
    const page = await home(session);
    expect(page).to.include(`<a class="button" href="/children/${tom.id}/portfolio">Mon carnet</a>`);
    const place = await request.get('/home/portfolio').set('Cookie', session.cookie).expect(303);
    expect(place.headers.location).to.equal(`/children/${tom.id}/portfolio`);
    // A parent of one child goes to that child's portfolio, a teacher of one class to the class's.
    const parent = await request.get('/home/portfolio').set('Cookie', (await test.signIn(families.guardians[3]!.id)).cookie).expect(303);
    expect(parent.headers.location).to.equal(`/children/${tom.id}/portfolio`);
    const teacher = await request.get('/home/portfolio').set('Cookie', (await test.signIn(families.teacher.id)).cookie).expect(303);
    expect(teacher.headers.location).to.equal(`/classes/${families.klass.id}/portfolio`);
  });
});
