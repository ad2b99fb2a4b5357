import { expect } from 'chai';
import fs from 'node:fs';
import request from 'supertest';
import sharp from 'sharp';
import { MessageFile } from '../../src/model/index.js';
import { testDataSource } from '../support/database.js';
import { wavBytes } from '../media/fixtures.js';
import { phonePhoto } from '../portfolio/support.js';
import { apiAs } from './api-client.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from './fixture.js';

/*
 * Attachments go through the portfolio's media pipeline: a photo loses its EXIF/GPS, a voice
 * recording is checked from its bytes, and a file is served only to those who may read the message.
 */
const FRENCH = JSON.parse(fs.readFileSync(new URL('../../locales/fr/messaging.json', import.meta.url), 'utf8')) as { errors: Record<string, string> };

describe('messaging: attached photos and voice messages', () => {
  let school: MessagingSchool;
  let sessions: Sessions;

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp());
  });

  async function upload(files: { name: string; content: Buffer }[], as = school.teacherA) {
    const session = await sessions.of(as);
    let call = request(sessions.testApp.app).post('/api/v1/message-files').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken);
    for (const file of files) call = call.attach('files', file.content, file.name);
    return call;
  }

  it('sends a photo and a voice message that the family reads, and no other family can fetch', async () => {
    const uploaded = await upload([
      { name: 'sortie.jpg', content: await phonePhoto() },
      { name: 'vocal.wav', content: wavBytes() },
    ]);
    expect(uploaded.status, uploaded.text).to.equal(201);
    const [photo, voice] = uploaded.body.files as { id: string; kind: string }[];
    expect([photo!.kind, voice!.kind]).to.deep.equal(['photo', 'audio']);

    const sent = await apiAs(sessions, school.teacherA).post('/messages', {
      to: { audience: 'family', pupilId: school.leo.id },
      body: 'Voici la photo de la sortie et un petit mot.',
      attachments: [
        { mediaId: photo!.id, kind: 'file' },
        { mediaId: voice!.id, kind: 'audio' },
      ],
    });
    expect(sent.status, sent.text).to.equal(201);
    const messageId = sent.body.messages[0].id as string;

    const thread = await apiAs(sessions, school.mother).get(`/messages/${messageId}`);
    const attachments = thread.body.messages[0].attachments as { mediaId: string; fileKind: string }[];
    expect(attachments.map((attachment) => attachment.fileKind)).to.deep.equal(['photo', 'audio']);
    const mother = await sessions.of(school.mother);
    const picture = await request(sessions.testApp.app)
      .get(`/messages/${messageId}/files/${photo!.id}/original`)
      .set('Cookie', mother.cookie)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(picture.status).to.equal(200);
    expect((await sharp(picture.body as Buffer).metadata()).exif).to.equal(undefined);
    const recording = await request(sessions.testApp.app).get(`/messages/${messageId}/files/${voice!.id}/original`).set('Cookie', mother.cookie);
    expect([recording.status, recording.headers['content-type']]).to.deep.equal([200, 'audio/wav']);

    const page = await request(sessions.testApp.app).get(`/messages/${messageId}`).set('Cookie', mother.cookie);
    expect(page.text).to.include(`/messages/${messageId}/files/${voice!.id}/original`).and.to.include('<audio');

    for (const outsider of [school.inesParent, school.keptAway]) {
      const session = await sessions.of(outsider);
      expect((await request(sessions.testApp.app).get(`/messages/${messageId}/files/${photo!.id}/thumbnail`).set('Cookie', session.cookie)).status).to.equal(404);
    }
  });

  it('refuses a file that is not the sender’s, already sent, or not audio for a voice message', async () => {
    const theirs = (await upload([{ name: 'a.jpg', content: await phonePhoto() }], school.otherTeacherA)).body.files[0].id as string;
    const mine = (await upload([{ name: 'b.jpg', content: await phonePhoto() }])).body.files[0].id as string;
    const to = { audience: 'family', pupilId: school.leo.id };
    const as = apiAs(sessions, school.teacherA);
    expect((await as.post('/messages', { to, body: 'x', attachments: [{ mediaId: theirs, kind: 'file' }] })).body.error.code).to.equal('MESSAGE_ATTACHMENT_UNAVAILABLE');
    expect((await as.post('/messages', { to, body: 'x', attachments: [{ mediaId: mine, kind: 'audio' }] })).body.error.code).to.equal('MESSAGE_ATTACHMENT_UNAVAILABLE');
    expect((await as.post('/messages', { to, body: 'x', attachments: [{ mediaId: mine, kind: 'file' }] })).status).to.equal(201);
    expect((await as.post('/messages', { to, body: 'y', attachments: [{ mediaId: mine, kind: 'file' }] })).body.error.code).to.equal('MESSAGE_ATTACHMENT_UNAVAILABLE');
  });

  it('keeps nothing of files sent with a message that is refused from the page', async () => {
    const session = await sessions.of(school.teacherB);
    const before = await testDataSource().getRepository(MessageFile).countBy({ uploadedById: school.teacherB.id });
    const refused = await request(sessions.testApp.app)
      .post('/messages')
      .set('Cookie', session.cookie)
      .field('_csrf', session.csrfToken)
      .field('to', `family:${school.leo.id}`)
      .field('body', 'Bonjour')
      .attach('files', await phonePhoto(), 'photo.jpg');
    // Teacher B does not teach Léo: the page comes back with the error, and the photo is gone.
    expect(refused.status).to.equal(403);
    expect(refused.text).to.include(FRENCH.errors.MESSAGE_RECIPIENT_NOT_ALLOWED);
    expect(await testDataSource().getRepository(MessageFile).countBy({ uploadedById: school.teacherB.id })).to.equal(before);
  });
});
