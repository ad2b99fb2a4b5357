import { expect } from 'chai';
import type { Express } from 'express';
import { once } from 'node:events';
import http, { type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { RosterImport } from '../../src/model/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { identityRowsDigest } from '../identity/identity-rows.js';
import { digestOf, upload } from './roster-fixture.js';

const HEADER = 'Nom de famille élève;Prénom élève;Date naissance;Libellé classe;Nom responsable;Prénom responsable;Courriel;Restriction;Référence décision;Date décision\n';

async function guardiansOf(schoolId: string): Promise<{ people: number; links: number }> {
  const rows = (await testDataSource().query('SELECT COUNT(DISTINCT guardianId) AS people, COUNT(*) AS links FROM guardianship WHERE schoolId = ?', [schoolId])) as {
    people: number | string;
    links: number | string;
  }[];
  return { people: Number(rows[0]!.people), links: Number(rows[0]!.links) };
}

/** Posts `chunks` one by one with no declared length (chunked), as a streaming client does. */
async function postChunked(app: Express, path: string, headers: OutgoingHttpHeaders, chunks: readonly Buffer[]): Promise<{ status: number; body: { error?: { code: string } } }> {
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const post = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as { error?: { code: string } } }));
        res.on('error', reject);
      });
      post.on('error', reject);
      for (const chunk of chunks) post.write(chunk);
      post.end();
    });
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('roster import: what a file may not do twice, and who may send one', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  before(() => {
    testApp = createTestApp();
  });

  /** Uploads a file as the director, and returns the preview's location and digest. */
  async function previewed(schoolId: string, signedIn: { cookie: string; csrfToken: string }, file: Buffer): Promise<{ location: string; digest: string }> {
    const uploaded = await upload(testApp, signedIn, schoolId, file);
    expect(uploaded.status, uploaded.text.slice(0, 300)).to.equal(303);
    const location = String(uploaded.headers.location);
    return { location, digest: digestOf((await request(testApp.app).get(location).set('Cookie', signedIn.cookie)).text) };
  }

  const apply = (signedIn: { cookie: string; csrfToken: string }, location: string, digest: string) =>
    request(testApp.app).post(`${location}/apply`).set('Cookie', signedIn.cookie).set('Accept', 'application/json').type('form').send({ _csrf: signedIn.csrfToken, digest });

  async function imported(file: Buffer): Promise<SchoolFactory> {
    const school = await SchoolFactory.create(testDataSource());
    const signedIn = await testApp.signIn((await school.director()).id);
    const { location, digest } = await previewed(school.id, signedIn, file);
    expect((await apply(signedIn, location, digest)).status).to.equal(303);
    return school;
  }

  it('links a guardian repeated on two lines of one pupil once', async () => {
    const line = 'Roux;Zoé;01/01/2019;CP;Roux;Anne;;;;\n';
    const school = await imported(Buffer.from(HEADER + line + line));
    expect(await guardiansOf(school.id)).to.deep.equal({ people: 1, links: 1 });
  });

  it('refuses a file stating two different statuses for one guardian of one pupil', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const signedIn = await testApp.signIn((await school.director()).id);
    const file = Buffer.from(HEADER + 'Roux;Zoé;01/01/2019;CP;Roux;Anne;;;;\nRoux;Zoé;01/01/2019;CP;Roux;Anne;;Aucun accès;TJ Rennes;01/10/2026\n');
    const answer = await upload(testApp, signedIn, school.id, file).set('Accept', 'application/json');
    expect(answer.body.error.code).to.equal('ROSTER_FILE_INVALID');
    expect(answer.body.error.fields.map((field: { field: string; problem: string }) => [field.field, field.problem])).to.deep.equal([['line 3, Restriction', 'conflictingStatus']]);
  });

  it('takes a guardian whose e-mail is on one sibling’s line only for one person', async () => {
    const school = await imported(Buffer.from(HEADER + 'Benali;Sami;01/01/2018;CE1;Benali;Nadia;nadia@example.org;;;\nBenali;Inès;01/01/2020;GS;Benali;Nadia;;;;\n'));
    expect(await guardiansOf(school.id)).to.deep.equal({ people: 1, links: 2 });
  });

  it('keeps apart two guardians of the same names whose e-mails differ', async () => {
    const school = await imported(Buffer.from(HEADER + 'Martin;Léa;01/01/2018;CE1;Martin;Marie;marie.a@example.org;;;\nMartin;Hugo;01/01/2020;GS;Martin;Marie;marie.b@example.org;;;\n'));
    expect(await guardiansOf(school.id)).to.deep.equal({ people: 2, links: 2 });
  });

  it('applies one of two previews of the same school applied at once; the other is stale', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const signedIn = await testApp.signIn((await school.director()).id);
    const file = Buffer.from(HEADER + 'Faure;Elsa;02/02/2019;CP;Faure;Paul;;;;\nGarnier;Liam;03/03/2019;CP;Garnier;Léna;;;;\n');
    const first = await previewed(school.id, signedIn, file);
    const second = await previewed(school.id, signedIn, file);
    expect(first.digest).to.equal(second.digest);
    const answers = await Promise.all([apply(signedIn, first.location, first.digest), apply(signedIn, second.location, second.digest)]);
    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([303, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.error.code).to.equal('ROSTER_PREVIEW_STALE');
    const pupils = (await testDataSource().query("SELECT COUNT(*) AS n FROM school_membership WHERE schoolId = ? AND role = 'pupil'", [school.id])) as { n: number | string }[];
    expect(Number(pupils[0]!.n)).to.equal(2);
    expect(await guardiansOf(school.id)).to.deep.equal({ people: 2, links: 2 });
  });

  it('reads no upload from someone who may not import: NOT_FOUND before the body, however large', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const teacher = await testApp.signIn((await school.teacher([await school.class()])).id);
    const answer = await upload(testApp, teacher, school.id, Buffer.alloc(6 * 1024 * 1024, 'a')).set('Accept', 'application/json');
    expect(answer.status).to.equal(404);
    expect(answer.body.error.code).to.equal('NOT_FOUND');
  });

  it('refuses a file over 5 MB: ROSTER_FILE_TOO_LARGE, and keeps nothing', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await testApp.signIn((await school.director()).id);
    const before = await identityRowsDigest({ sessions: false });
    const answer = await upload(testApp, director, school.id, Buffer.alloc(6 * 1024 * 1024, 'a')).set('Accept', 'application/json');
    expect(answer.status).to.equal(413);
    expect(answer.body.error.code).to.equal('ROSTER_FILE_TOO_LARGE');
    expect(await testDataSource().getRepository(RosterImport).countBy({ schoolId: school.id })).to.equal(0);
    expect(await identityRowsDigest({ sessions: false })).to.deep.equal(before);
  });

  it('refuses a file that passes 5 MB as it streams in, its length undeclared: ROSTER_FILE_TOO_LARGE, and keeps nothing', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await testApp.signIn((await school.director()).id);
    const before = await identityRowsDigest({ sessions: false });
    const boundary = 'roster-import-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${director.csrfToken}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="preset"\r\n\r\nonde\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}`,
    );
    const line = Buffer.from('Roux;Zoé;01/01/2019;CP;Roux;Anne;;;;\n'.repeat(16 * 1024)); // about 600 KB
    const chunks = [head, ...Array.from({ length: 10 }, () => line), Buffer.from(`\r\n--${boundary}--\r\n`)];
    const answer = await postChunked(
      testApp.app,
      `/schools/${school.id}/roster-import`,
      { Cookie: director.cookie, Accept: 'application/json', 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      chunks,
    );
    expect(answer.status).to.equal(413);
    expect(answer.body.error?.code).to.equal('ROSTER_FILE_TOO_LARGE');
    expect(await testDataSource().getRepository(RosterImport).countBy({ schoolId: school.id })).to.equal(0);
    expect(await identityRowsDigest({ sessions: false })).to.deep.equal(before);
  });

  it('refuses a malformed form with MEDIA_FORM_INVALID and a body that is no form with UNSUPPORTED_MEDIA_TYPE, and keeps nothing', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await testApp.signIn((await school.director()).id);
    const before = await identityRowsDigest({ sessions: false });
    const malformed = Buffer.from(
      `--xyz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${director.csrfToken}\r\n` +
        `--xyz\r\nContent-Disposition: form-data; name="file"; filename="export.csv"\r\na header line without its colon\r\n\r\n${HEADER}\r\n--xyz--\r\n`,
    );
    const post = () => request(testApp.app).post(`/schools/${school.id}/roster-import`).set('Cookie', director.cookie).set('Accept', 'application/json');
    const broken = await post().set('Content-Type', 'multipart/form-data; boundary=xyz').send(malformed);
    expect(broken.status).to.equal(400);
    expect(broken.body.error.code).to.equal('MEDIA_FORM_INVALID');
    // With its token in the header, as a program would send it: the check that fails is the body's type.
    const notAForm = await post().set('Content-Type', 'text/csv').set('X-CSRF-Token', director.csrfToken).send(HEADER);
    expect(notAForm.status).to.equal(415);
    expect(notAForm.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(await testDataSource().getRepository(RosterImport).countBy({ schoolId: school.id })).to.equal(0);
    expect(await identityRowsDigest({ sessions: false })).to.deep.equal(before);
  });

  it('refuses an upload without the form’s CSRF token: CSRF_TOKEN_MISSING, and keeps nothing', async () => {
    const school = await SchoolFactory.create(testDataSource());
    const director = await testApp.signIn((await school.director()).id);
    const answer = await request(testApp.app)
      .post(`/schools/${school.id}/roster-import`)
      .set('Cookie', director.cookie)
      .set('Accept', 'application/json')
      .field('preset', 'onde')
      .attach('file', Buffer.from(HEADER + 'Roux;Zoé;01/01/2019;CP;Roux;Anne;;;;\n'), 'export.csv');
    expect(answer.body.error.code).to.equal('CSRF_TOKEN_MISSING');
    expect(await testDataSource().getRepository(RosterImport).countBy({ schoolId: school.id })).to.equal(0);
  });
});
