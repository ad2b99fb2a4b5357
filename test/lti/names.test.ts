import { expect } from 'chai';
import { elisionContext } from '../../src/i18n/elision.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { platformLabel } from '../../src/lti/platforms/platform-label.js';

/*
 * Names an ENT administrator and a teacher read: two Moodles told apart on the registrations
 * page, and French elision in the titles deep linking gives the ENT ("Carnet d’Alice").
 */
describe('LTI names', () => {
  it('a dynamic registration named by its product code shows its site’s host; a configured name is shown as written', () => {
    expect(platformLabel({ name: 'moodle', issuer: 'https://moodle.lycee-a.fr', source: 'dynamic' })).to.equal('moodle (moodle.lycee-a.fr)');
    expect(platformLabel({ name: 'moodle', issuer: 'https://ent.college-b.fr/moodle', source: 'dynamic' })).to.equal('moodle (ent.college-b.fr)');
    expect(platformLabel({ name: 'ENT du collège', issuer: 'https://ent.college-b.fr', source: 'config' })).to.equal('ENT du collège');
    expect(platformLabel({ name: null, issuer: 'https://ent.college-b.fr', source: 'dynamic' })).to.equal('https://ent.college-b.fr');
  });

  it('deep-link titles elide before a vowel in French, and only there', () => {
    for (const compiled of [true, false]) {
      const t = createTranslator({ compiledMessages: compiled });
      const fr = t.forLanguage('fr');
      const title = (name: string) => fr('lti.deepLink.item.portfolio', { name, ...elisionContext(name) });
      expect(title('Alice Durand')).to.equal('Carnet d’Alice Durand');
      expect(title('Élodie Roux')).to.equal('Carnet d’Élodie Roux');
      expect(title('Léa Martin')).to.equal('Carnet de Léa Martin');
      expect(t.forLanguage('en')('lti.deepLink.item.portfolio', { name: 'Alice', ...elisionContext('Alice') })).to.equal('Portfolio of Alice');
      expect(fr('lti.deepLink.item.classSpace', { name: 'Arc-en-ciel', ...elisionContext('Arc-en-ciel') })).to.equal('Espace de la classe — Arc-en-ciel');
    }
  });
});
