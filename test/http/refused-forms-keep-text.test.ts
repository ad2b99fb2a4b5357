import { expect } from 'chai';
import request from 'supertest';
import { Message, MessageFile } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { phonePhoto } from '../portfolio/support.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from '../messaging/fixture.js';

/*
 * A form refused for its session or its token (signed in again in another tab, a session that
 * ended while a parent was writing) gives back what was typed, and a form token never travels in
 * an address: streamed multipart forms carry it as their first field, checked before any file is
 * stored.
 */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x3D;': '=', '&#x60;': '`' };
const decode = (html: string) => html.replace(/&(amp|lt|gt|quot|#x27|#x3D|#x60);/g, (entity) => ENTITIES[entity]!);

interface ResendForm {
  readonly action: string;
  readonly multipart: boolean;
  readonly fields: [string, string][];
}

/** The page's "send again" form: its action, its encoding, and its fields in document order. */
function resendForm(html: string): ResendForm | undefined {
  const form = /<form method="post" action="([^"]+)"( enctype="multipart\/form-data")? class="stacked card typed-text">([\s\S]*?)<\/form>/.exec(html);
  if (!form) return undefined;
  const fields: [string, string][] = [];
  for (const control of form[3]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">|<textarea id="[^"]+" name="([^"]+)" rows="6">([\s\S]*?)<\/textarea>/g)) {
    if (control[1] !== undefined) fields.push([control[1], decode(control[2]!)]);
    else fields.push([control[3]!, decode(control[4]!)]);
  }
  return { action: decode(form[1]!), multipart: form[2] !== undefined, fields };
}

/** The text boxes of the page, whether in a form or given to copy. */
function textBoxes(html: string): string[] {
  return [...html.matchAll(/<textarea id="typed-\d+"[^>]*>([\s\S]*?)<\/textarea>/g)].map((box) => decode(box[1]!));
}

describe('refused forms: the text typed is given back, the form token never travels in an address', () => {
  let school: MessagingSchool;
  let sessions: Sessions;
  const body = "Bonjour, Léo a oublié son cahier d'écriture & sa trousse.";

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp());
  });

  const filesOf = (person: { id: string }) => testDataSource().getRepository(MessageFile).countBy({ uploadedById: person.id });
  const messagesWith = (text: string) => testDataSource().getRepository(Message).countBy({ body: text });

  it('refuses a streamed form whose token is only in the address, stores nothing, and gives the text back', async () => {
    const session = await sessions.of(school.teacherA);
    const before = await filesOf(school.teacherA);
    const refused = await request(sessions.testApp.app)
      .post(`/messages?_csrf=${session.csrfToken}`)
      .set('Cookie', session.cookie)
      .field('to', `family:${school.leo.id}`)
      .attach('files', await phonePhoto(), 'photo.jpg')
      .field('subject', 'Cahier oublié')
      .field('body', body);
    expect(refused.status).to.equal(403);
    expect(refused.text).to.include('CSRF_TOKEN_MISSING');
    expect(await filesOf(school.teacherA)).to.equal(before);
    expect(await messagesWith(body)).to.equal(0);
    // Fields sent after the refused file are given back too.
    expect(textBoxes(refused.text)).to.deep.equal(['Cahier oublié', body]);
  });

  it('refuses a file sent before the form token: the token must come first', async () => {
    const session = await sessions.of(school.teacherA);
    const before = await filesOf(school.teacherA);
    const refused = await request(sessions.testApp.app)
      .post('/messages')
      .set('Cookie', session.cookie)
      .field('to', `family:${school.leo.id}`)
      .attach('files', await phonePhoto(), 'photo.jpg')
      .field('_csrf', session.csrfToken)
      .field('body', body);
    expect(refused.status).to.equal(403);
    expect(await filesOf(school.teacherA)).to.equal(before);
  });

  it('accepts a streamed form whose token is its first field', async () => {
    const session = await sessions.of(school.teacherA);
    const text = `${body} (envoyé)`;
    const sent = await request(sessions.testApp.app)
      .post('/messages')
      .set('Cookie', session.cookie)
      .field('_csrf', session.csrfToken)
      .field('to', `family:${school.leo.id}`)
      .field('body', text)
      .attach('files', await phonePhoto(), 'photo.jpg');
    expect(sent.status, sent.text.slice(0, 500)).to.equal(303);
    expect(await messagesWith(text)).to.equal(1);
  });

  it('gives a multipart message back with a form that sends it once with the session’s current token', async () => {
    const session = await sessions.of(school.teacherA);
    const text = `${body} (token changé)`;
    const refused = await request(sessions.testApp.app)
      .post('/messages')
      .set('Cookie', session.cookie)
      .field('_csrf', 'a-token-from-an-older-session')
      .field('to', `family:${school.leo.id}`)
      .field('kind', 'information')
      .field('body', text);
    expect(refused.status).to.equal(403);
    expect(refused.text).to.include('CSRF_TOKEN_INVALID');
    const form = resendForm(refused.text);
    expect(form, 'a form to send again').to.not.equal(undefined);
    expect(form!.action).to.equal('/messages');
    expect(form!.multipart).to.equal(true);
    expect(form!.fields[0]).to.deep.equal(['_csrf', session.csrfToken]);
    expect(form!.fields).to.deep.include(['body', text]);
    expect(form!.fields).to.deep.include(['to', `family:${school.leo.id}`]);
    expect(await messagesWith(text)).to.equal(0);

    let again = request(sessions.testApp.app).post(form!.action).set('Cookie', session.cookie);
    for (const [name, value] of form!.fields) again = again.field(name, value);
    const sent = await again;
    expect(sent.status, sent.text.slice(0, 500)).to.equal(303);
    expect(await messagesWith(text)).to.equal(1);
  });

  it('gives a reply back when the page’s token changed, and sends it when asked again', async () => {
    const started = await apiAs(sessions, school.teacherA).post('/messages', { to: { audience: 'family', pupilId: school.leo.id }, body: 'Sortie vendredi.' });
    expect(started.status, started.text).to.equal(201);
    const messageId = started.body.messages[0].id as string;
    const mother = await sessions.of(school.mother);
    const text = 'Merci, nous serons là à 8 h 30.';
    const refused = await request(sessions.testApp.app)
      .post(`/messages/${messageId}/replies`)
      .set('Cookie', mother.cookie)
      .type('form')
      .send({ _csrf: 'stale', body: text });
    expect(refused.status).to.equal(403);
    const form = resendForm(refused.text);
    expect(form!.multipart).to.equal(false);
    expect(form!.fields).to.deep.equal([
      ['_csrf', mother.csrfToken],
      ['body', text],
    ]);
    const sent = await request(sessions.testApp.app)
      .post(form!.action)
      .set('Cookie', mother.cookie)
      .type('form')
      .send(Object.fromEntries(form!.fields));
    expect(sent.status).to.equal(303);
    expect(await messagesWith(text)).to.equal(1);
  });

  it('gives the text to copy when the session ended while the parent was writing', async () => {
    const mother = await sessions.of(school.mother);
    await request(sessions.testApp.app).post('/sign-out').set('Cookie', mother.cookie).type('form').send({ _csrf: mother.csrfToken });
    const text = 'Pouvons-nous nous voir jeudi ?';
    const refused = await request(sessions.testApp.app)
      .post('/messages')
      .set('Cookie', mother.cookie)
      .field('_csrf', mother.csrfToken)
      .field('to', `teacher:${school.teacherA.id}`)
      .field('body', text)
      .attach('files', await phonePhoto(), 'photo.jpg');
    expect(refused.status).to.equal(401);
    expect(refused.text).to.include('SESSION_EXPIRED');
    expect(textBoxes(refused.text)).to.deep.equal([text]);
    // Signed out: there is nothing to send again from here, only the text to keep and a way back in.
    expect(resendForm(refused.text)).to.equal(undefined);
    expect(refused.text).to.include('/sign-in');
    expect(refused.text).to.not.include(mother.csrfToken);
  });

  it('lets no other multipart request skip the token', async () => {
    const session = await sessions.of(school.teacherA);
    const refused = await request(sessions.testApp.app)
      .post('/messages/preferences')
      .set('Cookie', session.cookie)
      .field('_csrf', session.csrfToken)
      .field('digest', 'daily');
    expect(refused.status).to.equal(403);
    expect(refused.text).to.include('CSRF_TOKEN_MISSING');
  });
});
