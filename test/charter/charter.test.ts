import { expect } from 'chai';
import { acknowledgeCharter, pendingCharters } from '../../src/charter/acknowledge-charter.js';
import { describeCharterRules, fillCharterMarkers, hardcodedSetting } from '../../src/charter/charter-rules.js';
import { readCharter } from '../../src/charter/read-charter.js';
import { saveCharter } from '../../src/charter/save-charter.js';
import type { AppError } from '../../src/http/errors.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { CachedTranslator } from '../../src/translate/cached-translator.js';
import { TestClock } from '../support/clock.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { actorFor } from '../survey/support.js';

describe('communication charter: what it says comes from the settings', () => {
  const translator = createTranslator();

  it('describes the settings in the reader’s language, and fills the markers with them', () => {
    const settings = defaultSchoolSettings();
    settings.portfolio.publicationSlots = [{ weekday: 5, time: '16:30' }, { weekday: 2, time: '17:00' }];
    settings.messaging.notificationHours = { start: '08:00', end: '18:30', days: [1, 2, 4, 5] };
    settings.messaging.replyWithinHours = 72;
    const fr = describeCharterRules(settings, translator.forLanguage('fr'), 'fr');
    expect(fr).to.deep.equal({ slots: 'le mardi à 17:00 et le vendredi à 16:30', hours: 'lundi, mardi, jeudi et vendredi, de 08:00 à 18:30', reply: 'sous 72 heures de jours d’école' });
    const es = describeCharterRules(settings, translator.forLanguage('es'), 'es');
    expect(es.slots).to.equal('el martes a las 17:00 y el viernes a las 16:30');
    expect(fillCharterMarkers('Publication : [créneaux]. Réponse [délai de réponse].', fr)).to.equal('Publication : le mardi à 17:00 et le vendredi à 16:30. Réponse sous 72 heures de jours d’école.');
  });

  it('finds times and delays written out, and lets the markers and plain numbers be', () => {
    for (const text of ['Publication à 16h30', 'le soir après 18:00', 'réponse sous 48 heures', 'sous 2 jours', 'avant 8 h']) expect(hardcodedSetting(text), text).to.not.equal(null);
    for (const text of ['Réponse [délai de réponse], publication [créneaux], [horaires].', 'Les 3 classes de l’école', translator.forLanguage('fr')('charter.defaultText')]) expect(hardcodedSetting(text), text).to.equal(null);
  });

  it('publishes versions, asks each guardian once per version, and shows the default until published', async () => {
    const clock = new TestClock('2026-11-23T09:00:00.000Z');
    const school = await SchoolFactory.create(testDataSource());
    const klass = await school.class();
    const director = await school.director();
    const teacher = await school.teacher([klass]);
    const child = await school.pupil(klass);
    const mother = await school.guardian([child]);
    const deps = { dataSource: testDataSource(), clock, translator, messaging: { translator: new CachedTranslator(testDataSource(), null) } };
    const motherActor = await actorFor(mother.id, clock.now());

    const draft = await readCharter(deps, motherActor, school.id, 'fr', false);
    expect([draft.version, draft.mayAcknowledge, draft.mayEdit]).to.deep.equal([0, false, false]);
    expect(draft.text).to.include('L’usage du numérique n’implique pas de réponses immédiates').and.include('le vendredi à 16:30');
    expect(await pendingCharters(deps, mother.id, async () => motherActor)).to.deep.equal([]);

    const refused = await saveCharter(deps, await actorFor(director.id, clock.now()), school.id, { body: 'Réponse sous 24 heures.', language: 'fr' }).catch((error: unknown) => error);
    expect((refused as AppError).code).to.equal('CHARTER_HARDCODED_SETTING');
    const teacherRefused = await saveCharter(deps, await actorFor(teacher.id, clock.now()), school.id, { body: 'Bonjour', language: 'fr' }).catch((error: unknown) => error);
    expect((teacherRefused as AppError).code).to.equal('NOT_FOUND');

    expect(await saveCharter(deps, await actorFor(director.id, clock.now()), school.id, { body: 'Réponse [délai de réponse].', language: 'fr' })).to.equal(1);
    expect(await pendingCharters(deps, mother.id, async () => motherActor)).to.deep.equal([school.id]);
    expect(await pendingCharters(deps, teacher.id, () => actorFor(teacher.id, clock.now()))).to.deep.equal([]);
    await acknowledgeCharter(deps, motherActor, school.id);
    await acknowledgeCharter(deps, motherActor, school.id);
    expect(await pendingCharters(deps, mother.id, async () => motherActor)).to.deep.equal([]);
    const read = await readCharter(deps, motherActor, school.id, 'fr', false);
    expect([read.text, read.acknowledgedAt?.toISOString()]).to.deep.equal(['Réponse sous 48 heures de jours d’école.', clock.now().toISOString()]);

    // A new version is acknowledged again.
    expect(await saveCharter(deps, await actorFor(director.id, clock.now()), school.id, { body: 'Publication [créneaux].', language: 'fr' })).to.equal(2);
    expect(await pendingCharters(deps, mother.id, async () => motherActor)).to.deep.equal([school.id]);
    const audit = (await testDataSource().query("SELECT action FROM audit_event WHERE schoolId = ? AND action LIKE 'charter.%' ORDER BY at", [school.id])) as { action: string }[];
    expect(audit.map((row) => row.action).sort()).to.deep.equal(['charter.acknowledged', 'charter.published', 'charter.published']);
  });
});
