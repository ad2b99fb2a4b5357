import { expect } from 'chai';
import supertest from 'supertest';
import { readSchoolSettings, defaultSchoolSettings } from '../../src/model/school-settings.js';
import { issuedCodesResponse, sharingSettingsResponse } from '../../src/sharing/api-schemas.js';
import { createTestApp, type SignedIn, type TestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

/** A school whose director already chose a reply time, to see it kept when sharing changes. */
async function schoolWithStaff(test: TestApp) {
  const settings = defaultSchoolSettings();
  const school = await SchoolFactory.create(testDataSource(), { settingsJson: JSON.stringify({ ...settings, messaging: { ...settings.messaging, replyWithinHours: 72 } }) });
  const klass = await school.class();
  const pupil = await school.pupil(klass);
  const parent = await school.guardian([pupil]);
  const teacher = await school.teacher([klass]);
  const director = await school.director();
  return {
    school,
    klass,
    director: await test.signIn(director.id),
    teacher: await test.signIn(teacher.id),
    parent: await test.signIn(parent.id),
  };
}

async function storedSettings(schoolId: string) {
  const rows = (await testDataSource().query('SELECT settingsJson FROM school WHERE id = ?', [schoolId])) as { settingsJson: string }[];
  return readSchoolSettings(rows[0]!);
}

async function auditCount(schoolId: string): Promise<number> {
  const rows = (await testDataSource().query("SELECT COUNT(*) AS n FROM audit_event WHERE schoolId = ? AND action = 'sharing.qrValidityChanged'", [schoolId])) as { n: number | string }[];
  return Number(rows[0]!.n);
}

describe('sharing: the director sets how long QR codes stay valid', () => {
  let test: TestApp;
  let request: ReturnType<typeof supertest>;

  beforeEach(() => {
    test = createTestApp();
    test.clock.set('2026-11-20T16:00:00.000Z');
    request = supertest(test.app);
  });

  const postForm = (schoolId: string, session: SignedIn, fields: Record<string, string>) =>
    request.post(`/schools/${schoolId}/sharing-settings`).set('Cookie', session.cookie).type('form').send({ _csrf: session.csrfToken, ...fields });
  const putApi = (schoolId: string, session: SignedIn, body: unknown) =>
    request.put(`/api/v1/schools/${schoolId}/sharing-settings`).set('Cookie', session.cookie).set('x-csrf-token', session.csrfToken).set('Accept', 'application/json').send(body as object);

  it('offers a number and a unit, the units named for people in each language', async () => {
    const { school, director } = await schoolWithStaff(test);
    const labels = {
      fr: ['heures', 'jours', 'mois'],
      en: ['hours', 'days', 'months'],
      es: ['horas', 'días', 'meses'],
      ar: ['ساعات', 'أيام', 'أشهر'],
    };
    for (const [language, [hours, days, months]] of Object.entries(labels)) {
      const page = await request.get(`/schools/${school.id}/sharing-settings?lang=${language}`).set('Cookie', director.cookie);
      expect(page.status).to.equal(200);
      expect(page.text).to.match(/<input id="qr-validity-amount" name="amount" type="number"[^>]* value="90"/);
      expect(page.text).to.include(`<option value="hours">${hours}</option>`);
      expect(page.text).to.include(`<option value="days" selected>${days}</option>`);
      expect(page.text).to.include(`<option value="months">${months}</option>`);
    }
  });

  it('saves 6 hours from the form, audited, keeping the school’s other settings; the next codes last 6 hours', async () => {
    const { school, klass, director, teacher } = await schoolWithStaff(test);
    const saved = await postForm(school.id, director, { amount: '6', unit: 'hours' });
    expect(saved.status).to.equal(303);
    expect(saved.headers.location).to.equal(`/schools/${school.id}/sharing-settings?saved=1`);

    const settings = await storedSettings(school.id);
    expect(settings.sharing.qrValidity).to.deep.equal({ amount: 6, unit: 'hours' });
    expect(settings.messaging.replyWithinHours).to.equal(72);
    expect(await auditCount(school.id)).to.equal(1);

    const page = await request.get(`/schools/${school.id}/sharing-settings?saved=1`).set('Cookie', director.cookie);
    expect(page.text).to.include('Réglage enregistré.');
    expect(page.text).to.include('valables pendant 6 heures.');
    expect(page.text).to.include('<option value="hours" selected>heures</option>');
    expect(page.text).to.include('<button type="submit">Enregistrer</button>');

    const issued = await request.post(`/api/v1/classes/${klass.id}/qr-codes`).set('Cookie', teacher.cookie).set('x-csrf-token', teacher.csrfToken).send({}).expect(200);
    expect(issuedCodesResponse.parse(issued.body).codes.map((code) => code.expiresAt)).to.deep.equal(['2026-11-20T22:00:00.000Z']);
  });

  it('sets and reads the validity through the JSON API', async () => {
    const { school, director, teacher } = await schoolWithStaff(test);
    await putApi(school.id, director, { qrValidity: { amount: 3, unit: 'months' } }).expect(204);
    const read = await request.get(`/api/v1/schools/${school.id}/sharing-settings`).set('Cookie', teacher.cookie).expect(200);
    expect(sharingSettingsResponse.parse(read.body)).to.deep.equal({ qrValidity: { amount: 3, unit: 'months' } });
  });

  it('refuses 0, a negative, more than 12 months, a day in hours, a fraction, text and an unknown unit, and changes nothing', async () => {
    const { school, director } = await schoolWithStaff(test);
    const refusals: [unknown, [string, string]][] = [
      [{ amount: 0, unit: 'days' }, ['qrValidity.amount', 'tooShort']],
      [{ amount: -2, unit: 'hours' }, ['qrValidity.amount', 'tooShort']],
      [{ amount: 13, unit: 'months' }, ['qrValidity.amount', 'tooLong']],
      [{ amount: 400, unit: 'days' }, ['qrValidity.amount', 'tooLong']],
      [{ amount: 24, unit: 'hours' }, ['qrValidity.amount', 'tooLong']],
      [{ amount: 1.5, unit: 'days' }, ['qrValidity.amount', 'invalid']],
      [{ amount: '3', unit: 'days' }, ['qrValidity.amount', 'invalid']],
      [{ amount: 2, unit: 'weeks' }, ['qrValidity.unit', 'invalidChoice']],
      [{ amount: 2 }, ['qrValidity.unit', 'required']],
    ];
    for (const [qrValidity, expected] of refusals) {
      const refused = await putApi(school.id, director, { qrValidity });
      expect(refused.status, JSON.stringify(qrValidity)).to.equal(400);
      const error = (refused.body as { error: { code: string; fields: { field: string; problem: string }[] } }).error;
      expect(error.code).to.equal('VALIDATION_FAILED');
      expect(error.fields.map((field) => [field.field, field.problem]), JSON.stringify(qrValidity)).to.deep.equal([expected]);
    }
    expect((await storedSettings(school.id)).sharing.qrValidity).to.deep.equal({ amount: 90, unit: 'days' });
    expect(await auditCount(school.id)).to.equal(0);
  });

  it('shows a refused form again with what was typed, which field and why, and changes nothing', async () => {
    const { school, director } = await schoolWithStaff(test);
    const forms: [Record<string, string>, string][] = [
      [{ amount: '0', unit: 'days' }, 'Durée de validité (nombre) : C’est trop court.'],
      [{ amount: '-1', unit: 'days' }, 'Durée de validité (nombre) : C’est trop court.'],
      [{ amount: '13', unit: 'months' }, 'Durée de validité (nombre) : C’est trop long.'],
      [{ amount: '', unit: 'hours' }, 'Durée de validité (nombre) : Ce champ est obligatoire.'],
      [{ amount: '2', unit: 'weeks' }, 'Durée de validité (unité) : Ce choix n’est pas proposé.'],
    ];
    for (const [fields, message] of forms) {
      const page = await postForm(school.id, director, fields);
      expect(page.status, JSON.stringify(fields)).to.equal(400);
      expect(page.text).to.include('role="alert"');
      expect(page.text).to.include(message);
      expect(page.text).to.include('De 1 à 23 heures');
      expect(page.text).to.match(/aria-invalid="true"/);
      expect(page.text).to.include(`value="${fields.amount}"`);
    }
    expect((await storedSettings(school.id)).sharing.qrValidity).to.deep.equal({ amount: 90, unit: 'days' });
    expect(await auditCount(school.id)).to.equal(0);
  });

  it('lets teachers read the validity but not change it, and keeps the page from parents', async () => {
    const { school, teacher, parent } = await schoolWithStaff(test);
    const page = await request.get(`/schools/${school.id}/sharing-settings`).set('Cookie', teacher.cookie);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('<fieldset disabled>');
    expect(page.text).not.to.include('<button type="submit">Enregistrer</button>');
    const posted = await postForm(school.id, teacher, { amount: '6', unit: 'hours' }).set('Accept', 'application/json');
    expect(posted.status).to.equal(403);
    expect((posted.body as { error: { code: string } }).error.code).to.equal('FORBIDDEN');
    expect((await putApi(school.id, teacher, { qrValidity: { amount: 6, unit: 'hours' } })).status).to.equal(403);
    expect((await request.get(`/schools/${school.id}/sharing-settings`).set('Cookie', parent.cookie).set('Accept', 'application/json')).status).to.equal(404);
    expect((await putApi(school.id, parent, { qrValidity: { amount: 6, unit: 'hours' } })).status).to.equal(404);
    expect((await storedSettings(school.id)).sharing.qrValidity).to.deep.equal({ amount: 90, unit: 'days' });
  });
});
