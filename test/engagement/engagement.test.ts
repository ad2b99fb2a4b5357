import { expect } from 'chai';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { sqlInstant } from '../../src/db/sql-values.js';
import { newId } from '../../src/model/columns.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { personId, privateDemoSchool } from './demo-school.js';

const MINUTE = 60_000;

interface ShownJson {
  value?: number;
  fewerThan?: number;
  percent?: number;
  tooFew?: true;
  none?: true;
  withinSeconds?: number | null;
}
interface FiguresJson {
  [figure: string]: ShownJson | { language: string; guardians: ShownJson }[];
}
interface EngagementJson {
  school: { figures: FiguresJson; trend: { month: string; readRate: ShownJson }[] } | null;
  classes: { className: string; figures: FiguresJson; trend: { month: string; readRate: ShownJson }[] }[];
  paperCopiesRecorded: boolean;
}

/*
 * The demo school on 5 November 2026 (seeded on 1 November), figures computed by hand.
 *
 * GS (Les Hiboux): 20 children, 33 guardians who may follow them (Marc Petit is kept away by a
 * decision). The GS teacher's announcement of 31 October went to the 33; her reply to Julie
 * Petit to Julie: 34 receipts. Five guardians read the announcement, after 10 min, 30 min,
 * 2 h, 2 h and 5 h: read rate 5/34 = 15 %; the median read (3rd of 5) falls in the "within
 * 3 hours" bucket, the 90th percentile (5th of 5) in "within 6 hours".
 * Six guardians signed in (Julie, Nadia Haddad, María García, Sophie Bernard, Camille Lefèvre,
 * Hélène Dupont); the readers add Samir Haddad, Laure Mercier, Aurélie Girard; Adam Diallo's QR
 * code was opened: the families reached are Léo, Lina, Lucas, Chloé, Emma, Louise, Rose, Nathan
 * and Adam, 9 of 20 (45 %); 33 − 9 guardians never connected = 24.
 * Languages: 22 French, 3 Arabic, 2 Spanish, 2 Vietnamese, 2 Turkish, 1 Polish, 1 Portuguese;
 * the two Arabic readers read a French message: 2 translated reads, shown "fewer than 5".
 * Portfolio: the whole class was featured on 12 October, Léo again on 26 October; with
 * `featureEveryDays` 14 (since 22 October) 19 GS children are not featured.
 * CE2: 20 children, nobody connected, no message, no entry. School: 40 families.
 */
describe('engagement indicators of the demo school', () => {
  let dataSource: DataSource;
  let schoolId: string;
  let test: TestApp;
  let director: { cookie: string; csrfToken: string };

  before(async () => {
    ({ dataSource, schoolId } = await privateDemoSchool());
    test = createTestApp({ dataSource });
    test.clock.set('2026-11-05T10:00:00.000Z');
    for (const [given, family] of [
      ['Julie', 'Petit'],
      ['Nadia', 'Haddad'],
      ['María', 'García'],
      ['Sophie', 'Bernard'],
      ['Camille', 'Lefèvre'],
      ['Hélène', 'Dupont'],
    ] as const) {
      await test.signIn(await personId(dataSource, given, family));
    }
    const [announcement] = (await dataSource.query("SELECT id, createdAt FROM message WHERE subject = 'Bienvenue dans e-carnet'")) as { id: string }[];
    const sentAt = new Date('2026-10-31T08:00:00.000Z');
    for (const [given, family, minutes] of [
      ['Julie', 'Petit', 10],
      ['Nadia', 'Haddad', 30],
      ['Samir', 'Haddad', 120],
      ['Laure', 'Mercier', 120],
      ['Aurélie', 'Girard', 300],
    ] as const) {
      await dataSource.query('UPDATE message_recipient SET readAt = ? WHERE messageId = ? AND personId = ?', [
        sqlInstant(new Date(sentAt.getTime() + minutes * MINUTE)),
        announcement!.id,
        await personId(dataSource, given, family),
      ]);
    }
    await dataSource.query(
      "INSERT INTO portfolio_access (id, schoolId, pupilId, channel, personId, grantId, deviceFamily, network, at) VALUES (?, ?, ?, 'qr', NULL, NULL, 'phone', '192.0.2.0/24', ?)",
      [newId(), schoolId, await personId(dataSource, 'Adam', 'Diallo'), sqlInstant(new Date('2026-11-03T18:00:00.000Z'))],
    );
    director = await test.signIn(await personId(dataSource, 'Nathalie', 'Dubois'));
  });

  after(async () => {
    await dataSource.destroy();
  });

  it('gives the school’s and each class’s figures as computed by hand, the small-group rule applied', async () => {
    const answer = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement?period=trimester`).set('Cookie', director.cookie).set('Accept', 'application/json');
    expect(answer.status).to.equal(200);
    const body = answer.body as EngagementJson;
    const gs = body.classes.find((klass) => klass.className.startsWith('Grande section'))!;
    const ce2 = body.classes.find((klass) => klass.className === 'CE2 A')!;
    expect(body.classes.map((klass) => klass.className)).to.deep.equal(['CE2 A', 'Grande section — Les Hiboux']);
    expect(gs.figures).to.deep.include({
      families: { value: 20 },
      familiesReached: { value: 9 },
      reachedRate: { percent: 45 },
      guardians: { value: 33 },
      guardiansNeverConnected: { value: 24 },
      receipts: { value: 34 },
      readRate: { percent: 15 },
      medianTimeToRead: { withinSeconds: 3 * 3_600 },
      p90TimeToRead: { withinSeconds: 6 * 3_600 },
      requests: { value: 0 },
      answeredRate: { tooFew: true },
      childrenNotFeatured: { value: 19 },
      translatedReads: { fewerThan: 5 },
    });
    expect(gs.figures.languages).to.deep.equal([
      { language: 'fr', guardians: { value: 22 } },
      { language: 'ar', guardians: { fewerThan: 5 } },
      { language: 'es', guardians: { fewerThan: 5 } },
      { language: 'tr', guardians: { fewerThan: 5 } },
      { language: 'vi', guardians: { fewerThan: 5 } },
      { language: 'pl', guardians: { fewerThan: 5 } },
      { language: 'pt', guardians: { fewerThan: 5 } },
    ]);
    expect(ce2.figures).to.deep.include({
      families: { value: 20 },
      familiesReached: { value: 0 },
      reachedRate: { percent: 0 },
      receipts: { value: 0 },
      readRate: { tooFew: true },
      medianTimeToRead: { none: true },
      childrenNotFeatured: { value: 20 },
    });
    expect(body.school!.figures).to.deep.include({ families: { value: 40 }, familiesReached: { value: 9 }, readRate: { percent: 15 }, childrenNotFeatured: { value: 39 } });
    expect(body.school!.trend).to.deep.equal([
      { month: '2026-09', readRate: { tooFew: true } },
      { month: '2026-10', readRate: { percent: 15 } },
      { month: '2026-11', readRate: { tooFew: true } },
    ]);
    expect(body.paperCopiesRecorded).to.equal(false);
  });

  it('counts only what falls in the period: last week holds no message', async () => {
    const answer = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement?period=week`).set('Cookie', director.cookie).set('Accept', 'application/json');
    const gs = (answer.body as EngagementJson).classes.find((klass) => klass.className.startsWith('Grande section'))!;
    // 31 October is within the last 7 days of 5 November: the same receipts; the reads too.
    expect(gs.figures).to.deep.include({ receipts: { value: 34 }, familiesReached: { value: 9 } });
    test.clock.set('2026-11-20T10:00:00.000Z');
    const directorLater = await test.signIn(await personId(dataSource, 'Nathalie', 'Dubois'));
    const later = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement?period=week`).set('Cookie', directorLater.cookie).set('Accept', 'application/json');
    test.clock.set('2026-11-05T10:00:00.000Z');
    director = await test.signIn(await personId(dataSource, 'Nathalie', 'Dubois'));
    const gsLater = (later.body as EngagementJson).classes.find((klass) => klass.className.startsWith('Grande section'))!;
    // Sessions opened on 5 November were last used then: nobody reached in the week to 20 November.
    expect(gsLater.figures).to.deep.include({ receipts: { value: 0 }, familiesReached: { value: 0 }, guardiansNeverConnected: { value: 24 } });
  });

  it('shows the figures on the page without naming any teacher, with charts, tables and the report', async () => {
    const page = await request(test.app).get(`/schools/${schoolId}/engagement`).set('Cookie', director.cookie).set('Accept', 'text/html');
    expect(page.status).to.equal(200);
    for (const name of ['Martin', 'Benali', 'Leroy']) expect(page.text).not.to.include(name);
    expect(page.text).to.include('<dt>Familles atteintes (connexion, lecture ou code QR ouvert)</dt><dd>9 (45 %)</dd>');
    expect(page.text).to.include('<dt>Délai de lecture, médiane</dt><dd>en moins de 3 heures</dd>');
    expect(page.text).to.include('<dd>moins de 5</dd>');
    expect(page.text).to.include('role="img"').and.to.include('<circle class="dot"').and.to.include('<th scope="row">octobre 2026</th><td>15 %</td>');
    expect(page.text).to.include('Grande section — Les Hiboux : 15 % des messages lus en octobre 2026.');

    const pdf = await request(test.app).get(`/schools/${schoolId}/engagement/report.pdf`).set('Cookie', director.cookie).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).to.equal('%PDF-');
  });

  it('keeps its pre-aggregated counts exact: a read after they were computed counts, a recalled message no longer does', async () => {
    const figures = async () => {
      const answer = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement?period=trimester`).set('Cookie', director.cookie).set('Accept', 'application/json');
      return (answer.body as EngagementJson).classes.find((klass) => klass.className.startsWith('Grande section'))!.figures;
    };
    expect(await figures()).to.deep.include({ receipts: { value: 34 }, readRate: { percent: 15 } });
    const summaries = (await dataSource.query('SELECT COUNT(*) AS n FROM reach_message_summary')) as { n: number | string }[];
    // The announcement, the reply, and Julie's question to the teacher (no guardian receipt: an empty summary).
    expect(Number(summaries[0]!.n)).to.equal(3);
    // Julie reads the teacher's reply now: 6 reads of 34.
    test.clock.advanceMinutes(5);
    await dataSource.query("UPDATE message_recipient SET readAt = ? WHERE readAt IS NULL AND messageId IN (SELECT id FROM message WHERE audience = 'reply')", [sqlInstant(test.clock.now())]);
    expect(await figures()).to.deep.include({ receipts: { value: 34 }, readRate: { percent: 18 } });
    await dataSource.query("UPDATE message SET recalledAt = ? WHERE audience = 'reply'", [sqlInstant(test.clock.now())]);
    expect(await figures()).to.deep.include({ receipts: { value: 33 }, readRate: { percent: 15 } });
    await dataSource.query("UPDATE message SET recalledAt = NULL WHERE audience = 'reply'");
  });

  it('shows a teacher their own classes only, the elected parents the school only, and nothing to a parent', async () => {
    const karim = await test.signIn(await personId(dataSource, 'Karim', 'Benali'));
    const asTeacher = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement`).set('Cookie', karim.cookie).set('Accept', 'application/json');
    expect(asTeacher.status).to.equal(200);
    expect((asTeacher.body as EngagementJson).school).to.equal(null);
    expect((asTeacher.body as EngagementJson).classes.map((klass) => klass.className)).to.deep.equal(['CE2 A']);

    const representative = await test.signIn(await personId(dataSource, 'Sophie', 'Bernard'));
    const asRepresentative = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement`).set('Cookie', representative.cookie).set('Accept', 'application/json');
    expect(asRepresentative.status).to.equal(200);
    expect((asRepresentative.body as EngagementJson).classes).to.deep.equal([]);
    const repFamilies = await request(test.app).get(`/api/v1/schools/${schoolId}/engagement/families`).set('Cookie', representative.cookie).set('Accept', 'application/json');
    expect(repFamilies.status).to.equal(404);

    const parent = await test.signIn(await personId(dataSource, 'Julie', 'Petit'));
    const asParent = await request(test.app).get(`/schools/${schoolId}/engagement`).set('Cookie', parent.cookie).set('Accept', 'text/html');
    expect(asParent.status).to.equal(404);
  });
});
