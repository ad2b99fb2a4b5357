import { expect } from 'chai';
import request from 'supertest';
import type { FamilyData } from '../../src/family-data/family-data-format.js';
import { readRows } from '../../src/db/row-reader.js';
import { readIdRow } from '../../src/db/common-rows.js';
import { testDataSource } from '../support/database.js';
import { unzip } from '../portfolio/export-support.js';
import { phonePhoto } from '../portfolio/support.js';
import { apiAs } from '../messaging/api-client.js';
import { createTestApp, messagingSchool, Sessions, type MessagingSchool } from '../messaging/fixture.js';
import type { Person } from '../../src/model/index.js';

/** The whole ZIP a signed-in person downloads from /me/data.zip. */
async function download(sessions: Sessions, person: Person): Promise<request.Response> {
  const session = await sessions.of(person);
  return request(sessions.testApp.app)
    .get('/me/data.zip')
    .set('Cookie', session.cookie)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

async function ids(sql: string, parameters: unknown[]): Promise<string[]> {
  return readRows(await testDataSource().query(sql, parameters), readIdRow).map((row) => row.id).sort();
}

describe('the family’s own data: one ZIP with everything the school holds about them', function () {
  this.timeout(60_000);
  let school: MessagingSchool;
  let sessions: Sessions;
  let messageId: string;
  let photoBytes: Buffer;

  before(async () => {
    school = await messagingSchool();
    sessions = new Sessions(createTestApp());
    sessions.testApp.clock.set('2026-11-20T09:00:00.000Z');
    const teacher = await sessions.of(school.teacherA);
    const uploaded = await request(sessions.testApp.app)
      .post('/api/v1/message-files')
      .set('Cookie', teacher.cookie)
      .set('X-CSRF-Token', teacher.csrfToken)
      .attach('files', await phonePhoto(), 'sortie.jpg');
    expect(uploaded.status, uploaded.text).to.equal(201);
    const photoId = (uploaded.body.files as { id: string }[])[0]!.id;
    const sent = await apiAs(sessions, school.teacherA).post('/messages', {
      to: { audience: 'family', pupilId: school.leo.id },
      body: 'La photo de la sortie.',
      attachments: [{ mediaId: photoId, kind: 'file' }],
    });
    expect(sent.status, sent.text).to.equal(201);
    messageId = sent.body.messages[0].id as string;
    expect((await apiAs(sessions, school.mother).get(`/messages/${messageId}`)).status).to.equal(200);
    const mother = await sessions.of(school.mother);
    photoBytes = (
      await request(sessions.testApp.app)
        .get(`/messages/${messageId}/files/${photoId}/original`)
        .set('Cookie', mother.cookie)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
    ).body as Buffer;

    // Each parent decides online, and each looks at the portfolio once.
    sessions.testApp.clock.advanceMinutes(1);
    expect((await apiAs(sessions, school.mother).put(`/pupils/${school.leo.id}/image-consent`, { scope: 'class', purpose: 'classMoments' })).status).to.equal(204);
    sessions.testApp.clock.advanceMinutes(1);
    expect((await apiAs(sessions, school.father).put(`/pupils/${school.leo.id}/image-consent`, { scope: 'ownFamily' })).status).to.equal(204);
    for (const parent of [school.mother, school.father]) {
      const session = await sessions.of(parent);
      expect((await request(sessions.testApp.app).get(`/children/${school.leo.id}/portfolio`).set('Cookie', session.cookie)).status).to.equal(200);
    }
  });

  it('gives a guardian their data and their child’s, as the database holds it, never the other parent’s', async () => {
    const response = await download(sessions, school.mother);
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('application/zip');
    expect(response.headers['cache-control']).to.equal('private, no-store');
    const files = await unzip(response.body as Buffer);
    const data = JSON.parse(files.get('family-data.json')!.toString('utf8')) as FamilyData;
    expect(data.format).to.equal('e-carnet-family-data/1');
    expect(data.person.id).to.equal(school.mother.id);

    // Checked against the database.
    expect(data.guardianships.map((link) => link.childId).sort()).to.deep.equal(
      (await ids('SELECT childId AS id FROM guardianship WHERE guardianId = ?', [school.mother.id])),
    );
    expect(data.messages.map((message) => message.id).sort()).to.deep.equal(
      await ids('SELECT m.id AS id FROM message m WHERE m.senderId = ? OR EXISTS (SELECT 1 FROM message_recipient r WHERE r.messageId = m.id AND r.personId = ?)', [school.mother.id, school.mother.id]),
    );
    const [leo] = data.children;
    expect(data.children.map((child) => child.id)).to.deep.equal([school.leo.id]);
    expect(leo!.consents.map((consent) => [consent.scope, consent.purpose, consent.givenByYou])).to.deep.equal([['class', 'classMoments', true]]);
    expect(leo!.imageRightsInForce).to.deep.equal({ portfolio: 'ownFamily', classMoments: 'ownFamily', printedDocuments: 'ownFamily' });
    const accessCount = (await testDataSource().query('SELECT id FROM portfolio_access WHERE pupilId = ?', [school.leo.id])) as unknown[];
    expect(leo!.portfolioAccesses).to.have.length(accessCount.length).and.to.have.length.greaterThan(1);
    expect(leo!.portfolioAccesses.filter((access) => !access.byYou).every((access) => access.who === null), 'the other parent’s visits are nameless').to.equal(true);

    // The message with its receipt and its file, byte for byte.
    const message = data.messages.find((entry) => entry.id === messageId)!;
    expect(message.body).to.equal('La photo de la sortie.');
    const [receipt] = (await testDataSource().query('SELECT readAt, answer FROM message_recipient WHERE messageId = ? AND personId = ?', [messageId, school.mother.id])) as { readAt: unknown; answer: string | null }[];
    expect(message.receipt).to.not.equal(null);
    expect(message.receipt!.readAt === null).to.equal(receipt!.readAt === null);
    expect(message.receipt!.answer).to.equal(receipt!.answer);
    expect(message.attachments).to.have.length(1);
    expect(files.get(message.attachments[0]!.path)!.equals(photoBytes)).to.equal(true);

    // The child's portfolio archive, the one the next school imports.
    const portfolio = await unzip(files.get(leo!.portfolioArchive!)!);
    expect(JSON.parse(portfolio.get('portfolio.json')!.toString('utf8')).child.givenName).to.equal('Léo');
    expect(files.get('index.html')!.toString('utf8')).to.include('La photo de la sortie.').and.to.include('<html lang="fr" dir="ltr">');

    // Nothing of the other parent: neither their id, nor their name, nor their own choice.
    const whole = files.get('family-data.json')!.toString('utf8') + files.get('index.html')!.toString('utf8');
    expect(whole).not.to.include(school.father.id);
    expect(whole).not.to.include('Pablo');
  });

  it('explains what the archive holds on a page the home page links to', async () => {
    const session = await sessions.of(school.mother);
    const home = await request(sessions.testApp.app).get('/home').set('Cookie', session.cookie);
    expect(home.text).to.include('href="/me/data"');
    const page = await request(sessions.testApp.app).get('/me/data').set('Cookie', session.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('href="/me/data.zip"').and.to.include('Jamais les données personnelles de l’autre parent.');
  });

  it('builds one archive when the same person asks twice at once', async () => {
    const before = (await testDataSource().query("SELECT id FROM audit_event WHERE action = 'familyData.exported' AND actorId = ?", [school.father.id])) as unknown[];
    const [first, second] = await Promise.all([download(sessions, school.father), download(sessions, school.father)]);
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    expect((first.body as Buffer).equals(second.body as Buffer)).to.equal(true);
    const after = (await testDataSource().query("SELECT id FROM audit_event WHERE action = 'familyData.exported' AND actorId = ?", [school.father.id])) as unknown[];
    expect(after.length - before.length).to.equal(1);
  });

  it('refuses a parent kept away by a decision, and a pupil who is a minor; gives a pupil of age theirs', async () => {
    expect((await download(sessions, school.keptAway)).status).to.equal(404);
    expect((await download(sessions, school.leo)).status).to.equal(404);
    const adult = await school.factory.pupil(school.classA, { givenName: 'Adèle', birthDate: '2007-03-01' });
    const response = await download(sessions, adult);
    expect(response.status).to.equal(200);
    const files = await unzip(response.body as Buffer);
    const data = JSON.parse(files.get('family-data.json')!.toString('utf8')) as FamilyData;
    expect(data.children.map((child) => child.id)).to.deep.equal([adult.id]);
    expect(data.guardianships).to.deep.equal([]);
    // Their own portfolio comes with it, as it does for a guardian.
    expect(data.children[0]!.portfolioArchive).to.equal(`children/${adult.id}/portfolio.zip`);
    expect(files.has(`children/${adult.id}/portfolio.zip`)).to.equal(true);
  });

  it('lets a guardian with information only have it too', async () => {
    const response = await download(sessions, school.informed);
    expect(response.status).to.equal(200);
    const data = JSON.parse((await unzip(response.body as Buffer)).get('family-data.json')!.toString('utf8')) as FamilyData;
    expect(data.children.map((child) => child.id)).to.deep.equal([school.leo.id]);
    expect(data.guardianships.map((link) => link.status)).to.deep.equal(['informationOnly']);
  });
});
