import { expect } from 'chai';
import { createTranslator } from '../../src/i18n/translator.js';

describe('French elision before names in generated phrases', () => {
  for (const compiledMessages of [true, false]) {
    describe(compiledMessages ? 'compiled strings' : 'i18next', () => {
      const translator = createTranslator({ compiledMessages });
      const fr = translator.forLanguage('fr');

      it('elides "de" before a name starting with a vowel, accented or not', () => {
        expect(fr('messaging.compose.toFamily', { name: 'Amira' })).to.equal('Les responsables d’Amira');
        expect(fr('messaging.compose.toFamily', { name: 'Élodie' })).to.equal('Les responsables d’Élodie');
        expect(fr('portfolio.timeline.title', { name: 'Amira' })).to.equal('Carnet d’Amira');
        expect(fr('sharing.notice.news', { name: 'Élodie' })).to.equal('Il y a du nouveau dans le carnet d’Élodie sur e-carnet.');
      });

      it('keeps the case of the elided word, and elides "que" too', () => {
        expect(fr('messaging.from', { name: 'Amira' })).to.equal('D’Amira');
        expect(fr('lti.continue.confirmButton', { launched: 'Élodie' })).to.equal('Continuer en tant qu’Élodie');
      });

      it('leaves "de" before a consonant, and before h as the rule says', () => {
        expect(fr('messaging.compose.toFamily', { name: 'Hugo' })).to.equal('Les responsables de Hugo');
        expect(fr('messaging.compose.toFamily', { name: 'Léo' })).to.equal('Les responsables de Léo');
      });

      it('elides each name on its own in a phrase with two', () => {
        expect(fr('pendingLinks.proposal', { guardian: 'Anne Martin', child: 'Léo' })).to.equal('Anne Martin se déclare responsable de Léo');
        expect(fr('pendingLinks.proposal', { guardian: 'Hugo Martin', child: 'Amira' })).to.equal('Hugo Martin se déclare responsable d’Amira');
      });

      it('never changes the words inside a value, nor other languages', () => {
        expect(fr('messaging.compose.toTeacher', { teacher: 'Cadeau de Amira', child: 'Léo' })).to.equal('Cadeau de Amira — au sujet de Léo');
        expect(translator.forLanguage('en')('messaging.compose.toFamily', { name: 'Amira' })).not.to.include('’');
      });

      it('keeps the catalog’s own elided variants working', () => {
        expect(fr('lti.deepLink.item.portfolio', { name: 'Amira', context: 'elided' })).to.equal('Carnet d’Amira');
      });
    });
  }
});
