import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import { accessibilityViolations, fitsWidth, launchBrowser, PHONE_CONTEXT, serve } from '../support/browser.js';
import { testDataSource } from '../support/database.js';
import { demoPerson, demoSchool } from '../support/demo.js';
import { actorFor } from '../survey/support.js';
import { issuePaperForms } from '../../src/survey/paper-forms.js';

/*
 * The families' survey in the demo school, on phones: the director launches it from the template;
 * families answer on their phones (in Spanish, in Arabic), one family on paper typed in by the
 * office; the results stay hidden until five families have answered; a second answer from the
 * same family (the other parent) is refused; the class's teacher sees her class, the parents'
 * representative the school, and nobody sees a family.
 */
describe('browser: the families’ equipment survey, launched, answered on phones and on paper', function () {
  this.timeout(120_000);
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serve>>;
  let testApp: TestApp;
  let schoolId: string;

  before(async () => {
    testApp = createTestApp();
    testApp.clock.set('2026-11-23T09:00:00.000Z'); // a Monday morning in Paris
    schoolId = await demoSchool();
    browser = await launchBrowser();
    server = await serve(testApp.app);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phoneAs(givenName: string, familyName: string, locale = 'fr-FR'): Promise<{ context: BrowserContext; page: Page; csrfToken: string }> {
    const person = await demoPerson(givenName, familyName);
    const context = await browser.newContext({ ...PHONE_CONTEXT, locale });
    const { cookie, csrfToken } = await testApp.signIn(person.id);
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: server.url }]);
    return { context, page: await context.newPage(), csrfToken };
  }

  async function checkPage(page: Page): Promise<void> {
    expect(await fitsWidth(page), `${page.url()} fits 360 px`).to.equal(true);
    expect(await accessibilityViolations(page), page.url()).to.deep.equal([]);
  }

  async function answerOnline(surveyId: string, givenName: string, familyName: string, locale: string, choose: (page: Page) => Promise<void>): Promise<Page> {
    const parent = await phoneAs(givenName, familyName, locale);
    await parent.page.goto(`${server.url}/surveys/${surveyId}`);
    await choose(parent.page);
    await parent.page.locator('form[action$="/answer"] button[type="submit"]').click();
    await parent.page.waitForURL(/thanks=1$/);
    return parent.page;
  }

  async function resultsText(page: Page, surveyId: string): Promise<string> {
    await page.goto(`${server.url}/surveys/${surveyId}/results`);
    return (await page.locator('main').textContent()) ?? '';
  }

  it('goes from the director’s launch to results shown from the fifth family on', async () => {
    const director = await phoneAs('Nathalie', 'Dubois');
    await director.page.goto(`${server.url}/schools/${schoolId}/surveys`);
    await checkPage(director.page);
    await director.page.getByRole('link', { name: 'Lancer un questionnaire' }).click();
    await checkPage(director.page);
    await director.page.getByLabel('Titre').fill('Le numérique à la maison — novembre');
    // The director leaves out one question of the template.
    await director.page.getByLabel('Êtes-vous à l’aise avec les applications sur téléphone ?').uncheck();
    await director.page.getByLabel('Dernier jour pour répondre').fill('2026-12-11');
    await director.page.getByRole('button', { name: 'Lancer le questionnaire' }).click();
    await director.page.waitForURL(/\/surveys$/);
    await checkPage(director.page);
    expect(await director.page.getByLabel('Lien à envoyer aux familles dans un message').inputValue()).to.match(/\/surveys\/[0-9a-f-]{36}$/);
    const surveyHref = await director.page.getByRole('link', { name: 'Voir les résultats' }).first().getAttribute('href');
    const surveyId = /surveys\/([0-9a-f-]{36})\/results/.exec(surveyHref ?? '')![1]!;

    // María García answers in Spanish on her phone.
    const maria = await answerOnline(surveyId, 'María', 'García', 'es-ES', async (page) => {
      expect(await page.locator('h1').textContent()).to.equal('Le numérique à la maison — novembre');
      expect(await page.locator('main').textContent()).to.include('¿Qué equipamiento tiene en casa?').and.not.include('aplicaciones del teléfono?');
      await checkPage(page);
      await page.getByLabel('Un smartphone').check();
      await page.getByLabel('Internet en casa').check();
      await page.getByLabel('Por la aplicación').check();
      await page.getByLabel('Español').check();
      await page.getByLabel('Talleres de e-parentalidad en la escuela').check();
    });
    expect(await maria.locator('[role="status"]').first().textContent()).to.include('¡Gracias!');
    await checkPage(maria);

    // Javier García, the other parent of the same family, may not answer a second time.
    const javier = await phoneAs('Javier', 'García', 'es-ES');
    await javier.page.goto(`${server.url}/surveys/${surveyId}`);
    expect(await javier.page.locator('main').textContent()).to.include('Su familia ya respondió a este cuestionario');
    expect(await javier.page.locator('form[action$="/answer"]').count()).to.equal(0);
    // Sending the form anyway (an old tab) is refused too, and nothing is added.
    const refused = await javier.context.request.post(`${server.url}/surveys/${surveyId}/answer`, {
      form: { _csrf: javier.csrfToken, q_equipment: 'computer' },
      headers: { 'Accept-Language': 'es-ES' },
      maxRedirects: 0,
    });
    expect(refused.status()).to.equal(400);
    expect(await refused.text()).to.include('Su familia ya respondió a este cuestionario: una sola respuesta por familia.');
    const stored = (await testDataSource().query('SELECT COUNT(*) AS n FROM survey_answer WHERE surveyId = ?', [surveyId])) as { n: number | string }[];
    expect(Number(stored[0]!.n)).to.equal(1);

    // Nadia Haddad answers in Arabic, right to left.
    const nadia = await answerOnline(surveyId, 'Nadia', 'Haddad', 'ar', async (page) => {
      expect(await page.locator('html').getAttribute('dir')).to.equal('rtl');
      await checkPage(page);
      await page.getByLabel('هاتف ذكي').check();
      await page.getByLabel('بالهاتف').check();
      await page.getByLabel('العربية').check();
    });
    await checkPage(nadia);
    await answerOnline(surveyId, 'Leïla', 'Benkirane', 'fr-FR', async (page) => {
      await page.getByLabel('Un ordinateur').check();
      await page.getByLabel('Un smartphone').check();
      await page.getByLabel('Par e-mail').check();
    });
    await answerOnline(surveyId, 'Julie', 'Petit', 'fr-FR', async (page) => {
      await page.getByLabel('Un smartphone').check();
      await page.getByLabel('Par l’application').check();
    });

    // Four families: the director sees the count, and nothing else.
    let text = await resultsText(director.page, surveyId);
    expect(text).to.include('4 familles ont répondu').and.include('à partir de 5 réponses');
    expect(await director.page.locator('table, svg.survey-chart').count()).to.equal(0);
    await checkPage(director.page);

    // The Diallo family answers on paper; the office types the form in with its code.
    const office = await phoneAs('Fatou', 'Sow');
    await office.page.goto(`${server.url}/surveys/${surveyId}/paper`);
    await checkPage(office.page);
    const pdf = await office.context.request.get(`${server.url}/surveys/${surveyId}/paper-forms.pdf`);
    expect(pdf.headers()['content-type']).to.equal('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).to.equal('%PDF-');
    // What is printed on Adam Diallo's form (printing again replaces the codes: this is the last print).
    const sow = await demoPerson('Fatou', 'Sow');
    const { forms } = await issuePaperForms({ dataSource: testDataSource(), clock: testApp.clock }, await actorFor(sow.id, testApp.clock.now()), surveyId, null);
    const adamForm = forms.find((form) => form.children.some((child) => child.givenName === 'Adam'))!;
    expect(forms.some((form) => form.children.some((child) => child.givenName === 'Lucas')), 'no form for a family who answered').to.equal(false);
    await office.page.getByLabel('Code du formulaire').fill('ZZZZ-ZZZZ');
    await office.page.getByLabel('Sur papier').check();
    await office.page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    expect(await office.page.locator('[role="alert"]').textContent()).to.include('Ce code ne correspond à aucun formulaire');
    await office.page.getByLabel('Code du formulaire').fill(adamForm.code.toLowerCase());
    await office.page.getByLabel('Aucun de ces équipements').check();
    await office.page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await office.page.waitForURL(/saved=1$/);
    await checkPage(office.page);
    // The same form typed in twice counts once.
    await office.page.getByLabel('Code du formulaire').fill(adamForm.code);
    await office.page.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    expect(await office.page.locator('[role="alert"]').textContent()).to.include('Ce code ne correspond à aucun formulaire');

    // Five families: the results appear, per question, as a chart and a table.
    text = await resultsText(director.page, surveyId);
    expect(text).to.include('5 familles ont répondu');
    const equipment = director.page.locator('section.survey-result', { has: director.page.getByRole('heading', { name: 'Quel équipement avez-vous à la maison ?' }) });
    expect(await equipment.getByRole('row', { name: /Un smartphone/ }).textContent()).to.include('4').and.include('80 %');
    expect(await equipment.getByRole('row', { name: /Aucun de ces équipements/ }).textContent()).to.include('1').and.include('20 %');
    expect(await equipment.locator('svg.survey-chart rect').count()).to.equal(6);
    const channel = director.page.locator('section.survey-result', { has: director.page.getByRole('heading', { name: 'Comment préférez-vous recevoir les informations de l’école ?' }) });
    expect(await channel.getByRole('row', { name: /Par l’application/ }).textContent()).to.include('2').and.include('40 %');
    await checkPage(director.page);
    await director.page.goto(`${director.page.url()}?lang=ar`);
    expect(await director.page.locator('html').getAttribute('dir')).to.equal('rtl');
    await checkPage(director.page);

    // A sixth family, on the phone.
    await answerOnline(surveyId, 'Sophie', 'Bernard', 'fr-FR', async (page) => {
      await page.getByLabel('Un smartphone').check();
      await page.getByLabel('Un ordinateur').check();
    });
    text = await resultsText(director.page, surveyId);
    expect(text).to.include('6');

    // The CSV has the same figures, and no answer of a family.
    const csv = await director.context.request.get(`${server.url}/surveys/${surveyId}/results.csv`);
    const lines = (await csv.text()).split('\r\n');
    expect(lines.find((line) => line.startsWith('"equipment"') && line.includes('"smartphone"'))).to.include('"5";"6";"83"');

    // The parents' representative sees the school's results; Claire Martin (GS) her class's.
    const representative = await phoneAs('Sophie', 'Bernard');
    expect(await resultsText(representative.page, surveyId)).to.include('6 familles ont répondu');
    await checkPage(representative.page);
    const teacher = await phoneAs('Claire', 'Martin');
    await teacher.page.goto(`${server.url}/surveys/${surveyId}/results`);
    expect(teacher.page.url()).to.include('classId=');
    expect(await teacher.page.locator('main').textContent()).to.include('Grande section').and.include('6 familles ont répondu');
    expect((await teacher.context.request.get(`${server.url}/surveys/${surveyId}/results.csv`)).status()).to.equal(404);
    // Karim Benali (CE2 A) has one family answering in his class: below the minimum.
    const ce2Teacher = await phoneAs('Karim', 'Benali');
    await ce2Teacher.page.goto(`${server.url}/surveys/${surveyId}/results`);
    expect(await ce2Teacher.page.locator('main').textContent()).to.include('1 famille a répondu').and.include('à partir de 5 réponses');
    await checkPage(ce2Teacher.page);

    // The director's and the office's pages in Arabic, right to left.
    const arabic = await phoneAs('Nathalie', 'Dubois', 'ar');
    for (const path of [`/schools/${schoolId}/surveys`, `/schools/${schoolId}/surveys/new`, `/surveys/${surveyId}/paper`, `/surveys/${surveyId}/results?classId=${new URL(teacher.page.url()).searchParams.get('classId')}`]) {
      await arabic.page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=ar`);
      expect(await arabic.page.locator('html').getAttribute('dir')).to.equal('rtl');
      await checkPage(arabic.page);
    }

    // Nothing in the stored answers points to a family, a person or a time.
    const columns = Object.keys(((await testDataSource().query('SELECT * FROM survey_answer WHERE surveyId = ?', [surveyId])) as Record<string, unknown>[])[0]!).sort();
    expect(columns).to.deep.equal(['answersJson', 'classIdsJson', 'id', 'surveyId']);
    await Promise.all(browser.contexts().map((context) => context.close()));
  });
});
