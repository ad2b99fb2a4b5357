import { startA4Document } from '../pdf/a4-document.js';
import type { Translate } from '../i18n/translator.js';
import type { SurveyFacts } from './load-survey.js';
import type { PaperForm } from './paper-forms.js';

/**
 * The printed survey, one A4 page per family: a strip at the top with the children's first names
 * and class (to hand it out; the family tears it off and keeps it), then the questions with boxes
 * to tick, then the family's single-use code, which is all the office types in with the answers.
 */
export async function renderPaperForms(survey: SurveyFacts, forms: readonly PaperForm[], t: Translate): Promise<Buffer> {
  const { document, fonts, finish } = startA4Document({ title: survey.title, margin: 48, autoFirstPage: false });
  const font = fonts.regular;

  for (const form of forms) {
    document.addPage();
    document.font(font);
    const left = document.page.margins.left;
    const right = document.page.width - document.page.margins.right;
    document.fontSize(9).fillColor('#444444');
    const names = form.children.map((child) => `${child.givenName} (${child.className})`).join(', ');
    document.text(t('survey.paper.strip', { names }));
    document.moveDown(0.4);
    document.dash(4, { space: 4 }).moveTo(left, document.y).lineTo(right, document.y).stroke().undash();
    document.moveDown(0.8);
    document.fillColor('#000000').fontSize(16).text(survey.title);
    document.fontSize(9).text(t('survey.paper.intro'));
    document.moveDown(0.5);
    for (const question of survey.questions) {
      document.fontSize(12).text(t(`survey.questions.${question.code}.label`));
      document.fontSize(8).fillColor('#444444').text(t(question.kind === 'one' ? 'survey.answer.pickOne' : 'survey.answer.pickMany')).fillColor('#000000');
      // No-break spaces inside an option: a line breaks between options, never inside one.
      const options = question.options.map((option) => `☐\u00A0${t(`survey.questions.${question.code}.options.${option}`).replace(/ /g, '\u00A0')}`);
      document.fontSize(11).text(options.join('    '));
      document.moveDown(0.5);
    }
    document.moveDown(0.5);
    document.fontSize(12).text(t('survey.paper.code', { code: form.code }));
    document.fontSize(8).fillColor('#444444').text(t('survey.paper.codeOnForm')).fillColor('#000000');
  }
  if (forms.length === 0) {
    document.addPage();
    document.font(font).fontSize(12).text(t('survey.paper.none'));
  }
  return finish();
}
