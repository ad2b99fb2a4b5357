import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { measureAudio } from '../support/measure-audio.js';
import { PhrasebookProvider } from '../support/phrasebook-provider.js';
import { messagingSchool } from '../messaging/fixture.js';
import { SpeechCache } from '../../src/read-aloud/speech-cache.js';
import { EspeakEngine } from '../../src/read-aloud/speech-engine.js';

/** The response body as bytes. */
const bytes = (test: request.Test) =>
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/*
 * Reading aloud on the server (espeak-ng, Opus through opusenc): the text is rebuilt from what the
 * listener may read, in their language after translation; a listener hears nothing they may not read.
 */
describe('read aloud: audio rendered on the server', function () {
  this.timeout(60_000);
  let test: TestApp;
  let school: Awaited<ReturnType<typeof messagingSchool>>;
  let messageId: string;

  before(async () => {
    test = createTestApp({
      translationProvider: new PhrasebookProvider({ 'fr>ar': { 'Sortie au musée': 'رحلة إلى المتحف', 'La classe ira au musée jeudi matin. Prévoyez un goûter.': 'سيذهب الفصل إلى المتحف صباح الخميس. أحضروا وجبة خفيفة.' } }),
    });
    school = await messagingSchool();
    await testDataSource().query('UPDATE person SET preferredLanguage = ? WHERE id = ?', ['ar', school.mother.id]);
    const teacher = await test.signIn(school.teacherA.id);
    const sent = await request(test.app)
      .post('/api/v1/messages')
      .set('Cookie', teacher.cookie)
      .set('X-CSRF-Token', teacher.csrfToken)
      .send({ to: { audience: 'family', pupilId: school.leo.id }, kind: 'information', subject: 'Sortie au musée', body: 'La classe ira au musée jeudi matin. Prévoyez un goûter.' });
    expect(sent.status, sent.text).to.equal(201);
    messageId = sent.body.messages[0].id;
  });

  it('reads a message to its Arabic-reading recipient in Arabic: non-silent Opus audio of a plausible length', async () => {
    const mother = await test.signIn(school.mother.id);
    const response = await bytes(request(test.app).get(`/read-aloud/messages/${messageId}`).set('Cookie', mother.cookie));
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('audio/ogg; codecs=opus');
    expect(response.headers['cache-control']).to.equal('private, no-store');
    const { seconds, rms } = measureAudio(response.body as Buffer, response.headers['content-type']!);
    // About ten words of subject and fifteen of body: a few seconds, not a click, not a minute.
    expect(seconds).to.be.within(2, 30);
    expect(rms).to.be.above(0.01);
  });

  it('reads the words as written (French) after "see the original", which sound different from the Arabic', async () => {
    const mother = await test.signIn(school.mother.id);
    const arabic = await bytes(request(test.app).get(`/read-aloud/messages/${messageId}`).set('Cookie', mother.cookie));
    const french = await bytes(request(test.app).get(`/read-aloud/messages/${messageId}?original=1`).set('Cookie', mother.cookie));
    expect(french.status).to.equal(200);
    expect(Buffer.compare(arabic.body as Buffer, french.body as Buffer)).to.not.equal(0);
    expect(measureAudio(french.body as Buffer, 'audio/ogg').rms).to.be.above(0.01);
  });

  it('reads nothing to someone who may not read the message: the same NOT_FOUND as the thread', async () => {
    const other = await test.signIn(school.zoeParent.id);
    const refused = await request(test.app).get(`/read-aloud/messages/${messageId}`).set('Cookie', other.cookie).set('Accept', 'application/json');
    expect(refused.status).to.equal(404);
    expect(refused.body.error.code).to.equal('NOT_FOUND');
    const anonymous = await request(test.app).get(`/read-aloud/messages/${messageId}`).set('Accept', 'application/json');
    expect(anonymous.status).to.equal(401);
  });

  it('keeps renderings in a bounded cache with a retention: one rendering per text and language, gone after its hour', async () => {
    let renders = 0;
    const engine = new EspeakEngine();
    let now = 0;
    const cache = new SpeechCache({ speaks: (language) => engine.speaks(language), render: (text, language) => ((renders += 1), engine.render(text, language)) }, () => now, 40_000, 60_000);
    const [first, second] = await Promise.all([cache.render('Bonjour à tous.', 'fr'), cache.render('Bonjour à tous.', 'fr')]);
    expect(first).to.equal(second);
    await cache.render('Bonjour à tous.', 'fr');
    expect(renders).to.equal(1);
    await cache.render('Bonjour à tous.', 'es');
    expect(renders).to.equal(2);
    now = 60_001;
    await cache.render('Bonjour à tous.', 'fr');
    expect(renders).to.equal(3);
    expect(cache.size.entries).to.equal(1);
    // Over its bytes the oldest goes first.
    for (let index = 0; index < 6; index += 1) await cache.render(`Phrase numéro ${index}, un peu plus longue pour prendre de la place.`, 'fr');
    expect(cache.size.bytes).to.be.at.most(40_000);
    expect(cache.size.entries).to.be.below(7);
  });

  it('renders two readings at a time at most, the others waiting their turn', async () => {
    let running = 0;
    let most = 0;
    const slow = {
      speaks: () => Promise.resolve(true),
      render: async (text: string) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
        return { bytes: Buffer.from(text), contentType: 'audio/wav' as const };
      },
    };
    const cache = new SpeechCache(slow);
    const audio = await Promise.all(Array.from({ length: 7 }, (_, index) => cache.render(`Texte ${index}`, 'fr')));
    expect(audio.map((item) => item.bytes.toString())).to.deep.equal(Array.from({ length: 7 }, (_, index) => `Texte ${index}`));
    expect(most).to.equal(2);
  });

  it('knows which languages espeak-ng speaks, and refuses a made-up one', async () => {
    const engine = new EspeakEngine();
    for (const language of ['fr', 'ar', 'es', 'en', 'pt-BR', 'tr', 'ro', 'uk', 'ru', 'pl', 'it', 'de', 'ta', 'vi', 'sq']) expect(await engine.speaks(language), language).to.equal(true);
    expect(await engine.speaks('xx')).to.equal(false);
  });
});
