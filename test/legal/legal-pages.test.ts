import { expect } from 'chai';
import supertest from 'supertest';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { createTestApp } from '../support/app.js';
import { testConfig } from '../support/config.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('legal and trust pages', () => {
  it('are open to anyone in every interface language, and every page’s footer links to them', async () => {
    const test = createTestApp();
    const request = supertest(test.app);
    const titles = { fr: 'Politique de confidentialité', en: 'Privacy notice', es: 'Política de privacidad', ar: 'سياسة الخصوصية' };
    for (const [lang, title] of Object.entries(titles)) {
      const page = await request.get(`/legal/privacy?lang=${lang}`);
      expect(page.status, lang).to.equal(200);
      expect(page.text).to.contain(`<h1>${title}</h1>`);
    }
    for (const path of ['/legal/notice', '/legal/accessibility']) expect((await request.get(path)).status, path).to.equal(200);
    const statement = await request.get('/legal/accessibility');
    expect(statement.text).to.contain('partiellement conforme');
    expect(statement.text).to.contain('Défenseur des droits');
    const signIn = await request.get('/sign-in');
    for (const path of ['/legal/privacy', '/legal/notice', '/legal/accessibility']) expect(signIn.text).to.contain(`href="${path}"`);
  });

  it('prints the school’s retention table from its settings: a delay the director changes changes the notice', async () => {
    const test = createTestApp();
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource(), { name: 'École Jean-Moulin' });
    const director = await school.director();
    const before = await request.get(`/legal/privacy?school=${school.id}`);
    expect(before.text).to.contain('École Jean-Moulin');
    expect(before.text).to.contain('90 jours après le départ');
    const session = await test.signIn(director.id);
    const saved = await request.post(`/schools/${school.id}/retention/delay`).set('Cookie', session.cookie).type('form').send({ _csrf: session.csrfToken, retentionDaysAfterLeaving: '45' });
    expect(saved.status).to.equal(303);
    const after = await request.get(`/legal/privacy?school=${school.id}`);
    expect(after.text).to.contain('45 jours après le départ');
    expect(after.text).not.to.contain('90 jours après le départ');
    // Signed in, the notice is the person's own school's without asking.
    expect((await request.get('/legal/privacy').set('Cookie', session.cookie)).text).to.contain('45 jours après le départ');
  });

  it('names the school’s data-protection officer, else the deployment’s', async () => {
    const settings = defaultSchoolSettings();
    settings.legal.dpoContact = 'dpd@ac-exemple.fr';
    const withOwn = await SchoolFactory.create(testDataSource(), { settingsJson: JSON.stringify(settings) });
    const without = await SchoolFactory.create(testDataSource());
    const test = createTestApp({ config: testConfig({ ECARNET_DPO_CONTACT: 'dpo@rectorat.example.org', ECARNET_PUBLISHER: 'Rectorat de l’académie', ECARNET_HOSTING: 'Hébergeur SAS, 1 rue du Code, Paris' }) });
    const request = supertest(test.app);
    expect((await request.get(`/legal/privacy?school=${withOwn.id}`)).text).to.contain('dpd@ac-exemple.fr');
    const fallback = await request.get(`/legal/privacy?school=${without.id}`);
    expect(fallback.text).to.contain('dpo@rectorat.example.org');
    expect(fallback.text).to.contain('Rectorat de l’académie');
    expect((await request.get('/legal/notice')).text).to.contain('Hébergeur SAS, 1 rue du Code, Paris');
    // With nothing configured, the notice says so rather than invent a contact.
    expect((await supertest(createTestApp().app).get(`/legal/privacy?school=${without.id}`)).text).to.contain('joignable par le rectorat');
  });

  it('lets the school’s DPO download the processing register with the school as controller and its delays', async () => {
    const settings = defaultSchoolSettings();
    settings.retentionDaysAfterLeaving = 60;
    const school = await SchoolFactory.create(testDataSource(), { name: 'Collège Sévigné', settingsJson: JSON.stringify(settings) });
    const csv = await supertest(createTestApp().app).get(`/legal/register.csv?school=${school.id}`).buffer(true);
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
    expect(csv.headers['content-disposition']).to.contain(`registre-traitements-${school.school.uai}.csv`);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).to.match(/^"Responsable du traitement";"Traitement";"Finalité";"Base légale"/);
    expect(lines).to.have.length(6);
    expect(lines[1]).to.contain('Collège Sévigné');
    expect(lines[1]).to.contain('60 jours après le départ');
    expect(lines[2]).to.contain('fin de l’année scolaire');
  });
});

describe('the school’s data-protection officer, set by the director', () => {
  it('is saved from the retention page, audited, and given by the privacy notice', async () => {
    const test = createTestApp();
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const director = await school.director();
    const teacher = await school.teacher([await school.class()]);
    const post = async (personId: string, dpoContact: string) => {
      const session = await test.signIn(personId);
      return request.post(`/schools/${school.id}/retention/dpo`).set('Cookie', session.cookie).set('Accept', 'application/json').type('form').send({ _csrf: session.csrfToken, dpoContact });
    };
    expect((await post(teacher.id, 'nope@example.org')).status).to.equal(404);
    expect((await post(director.id, 'x'.repeat(301))).status).to.equal(400);
    expect((await post(director.id, '  dpd@ac-lyon.example.org ')).status).to.equal(303);
    expect((await request.get(`/legal/privacy?school=${school.id}`)).text).to.contain('dpd@ac-lyon.example.org');
    const [event] = (await testDataSource().query("SELECT detailJson FROM audit_event WHERE schoolId = ? AND action = 'legal.dpoContactChanged'", [school.id])) as { detailJson: string }[];
    expect(JSON.parse(event!.detailJson)).to.deep.equal({ before: null, after: 'dpd@ac-lyon.example.org' });
  });
});
