import { expect } from 'chai';
import { loadCatalogs, type Catalog } from '../../src/i18n/catalogs.js';
import { compileMessage, fillMessage } from '../../src/i18n/compiled-message.js';
import { UI_LANGUAGES } from '../../src/i18n/languages.js';
import { createTranslator } from '../../src/i18n/translator.js';

function leaves(catalog: Catalog, prefix = ''): [string, string][] {
  return Object.entries(catalog).flatMap(([key, value]): [string, string][] =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : leaves(value, `${prefix}${key}.`),
  );
}

/** Values for every placeholder of a string, with characters that must come out untouched. */
function valuesFor(template: string): Record<string, unknown> {
  const names = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]!);
  return Object.fromEntries(names.map((name, index) => [name, index % 2 === 0 ? `<b>"${name}" & 'x'</b>` : index + 7]));
}

describe('compiled catalog strings', () => {
  const compiled = createTranslator();
  const reference = createTranslator({ compiledMessages: false });
  const catalogs = loadCatalogs();

  for (const language of UI_LANGUAGES) {
    it(`answer every ${language} string exactly as i18next does, with and without values`, () => {
      const strings = leaves(catalogs[language]);
      expect(strings.length).to.be.greaterThan(100);
      const fast = compiled.forLanguage(language);
      const slow = reference.forLanguage(language);
      for (const [key, template] of strings) {
        const values = valuesFor(template);
        expect(fast(key, values), `${language} ${key}`).to.equal(slow(key, values));
        expect(fast(key), `${language} ${key} without values`).to.equal(slow(key));
      }
    });
  }

  it('leave plurals, fallbacks to French and unknown keys to i18next', () => {
    const fast = compiled.forLanguage('fr');
    expect(fast('home.pupilCount', { count: 1 })).to.equal('1 élève');
    expect(fast('home.pupilCount', { count: 3 })).to.equal('3 élèves');
    expect(fast('no.such.key')).to.equal('no.such.key');
    const [frenchOnly] = leaves(catalogs.fr).filter(([key]) => !leaves(catalogs.en).some(([other]) => other === key));
    if (frenchOnly) expect(compiled.forLanguage('en')(frenchOnly[0])).to.equal(reference.forLanguage('en')(frenchOnly[0]));
  });

  it('fill placeholders in order and refuse what is not theirs', () => {
    const message = compileMessage('Bonjour {{ name }}, {{count}} messages pour {{name}}.')!;
    expect(fillMessage(message, { name: 'Léa', count: 2 })).to.equal('Bonjour Léa, 2 messages pour Léa.');
    expect(fillMessage(message, { name: 'Léa' })).to.equal(undefined);
    expect(compileMessage('Voir $t(other.key)')).to.equal(undefined);
    expect(compileMessage('Le {{date, datetime}}')).to.equal(undefined);
    expect(compileMessage('Sans valeur')).to.deep.equal({ pieces: ['Sans valeur'], names: [] });
  });
});
