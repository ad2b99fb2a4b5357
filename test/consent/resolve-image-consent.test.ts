import { expect } from 'chai';
import { resolveImageConsent, type ConsentDecisionRow } from '../../src/consent/resolve-image-consent.js';

const MOTHER = 'mother';
const FATHER = 'father';
const both = new Set([MOTHER, FATHER]);
const online = (givenById: string, scope: ConsentDecisionRow['scope'], purpose: ConsentDecisionRow['purpose'] = null): ConsentDecisionRow => ({ scope, purpose, givenById });
const paper = (scope: ConsentDecisionRow['scope'], purpose: ConsentDecisionRow['purpose'] = null): ConsentDecisionRow => ({ scope, purpose, givenById: null });

describe('image rights: how the guardians’ decisions combine', () => {
  it('is none without any decision', () => {
    expect(resolveImageConsent([], both, 'portfolio')).to.deep.include({ scope: 'none', disagreement: false });
  });

  it('takes one guardian’s choice when the other has not spoken', () => {
    const resolved = resolveImageConsent([online(MOTHER, 'class')], both, 'classMoments');
    expect(resolved.scope).to.equal('class');
    expect(resolved.disagreement).to.equal(false);
    expect([...resolved.choices]).to.deep.equal([[MOTHER, 'class']]);
  });

  it('applies the most restrictive choice while the two guardians disagree, the wider once they agree', () => {
    const disagreeing = [online(MOTHER, 'school'), online(FATHER, 'ownFamily')];
    expect(resolveImageConsent(disagreeing, both, 'classMoments')).to.deep.include({ scope: 'ownFamily', disagreement: true });
    const agreed = [...disagreeing, online(FATHER, 'school')];
    expect(resolveImageConsent(agreed, both, 'classMoments')).to.deep.include({ scope: 'school', disagreement: false });
  });

  it('lets a withdrawal by either guardian apply at once', () => {
    const rows = [online(MOTHER, 'class'), online(FATHER, 'class'), online(FATHER, 'none')];
    expect(resolveImageConsent(rows, both, 'classMoments').scope).to.equal('none');
  });

  it('keeps a paper form as the voice of the guardian who has not chosen online since', () => {
    const rows = [paper('ownFamily'), online(MOTHER, 'school')];
    expect(resolveImageConsent(rows, both, 'portfolio')).to.deep.include({ scope: 'ownFamily', disagreement: true });
    // Both chose online after the form: the form no longer speaks for anyone.
    expect(resolveImageConsent([...rows, online(FATHER, 'school')], both, 'portfolio').scope).to.equal('school');
    // A newer paper form, signed by both, replaces what they chose online before.
    expect(resolveImageConsent([...rows, online(FATHER, 'school'), paper('none')], both, 'portfolio').scope).to.equal('none');
  });

  it('decides each purpose on its own; a decision without purpose counts for all', () => {
    const rows = [online(MOTHER, 'class'), online(MOTHER, 'none', 'printedDocuments'), online(FATHER, 'ownFamily', 'portfolio')];
    expect(resolveImageConsent(rows, both, 'classMoments').scope).to.equal('class');
    expect(resolveImageConsent(rows, both, 'printedDocuments').scope).to.equal('none');
    expect(resolveImageConsent(rows, both, 'portfolio')).to.deep.include({ scope: 'ownFamily', disagreement: true });
  });

  it('no longer counts a decision of someone who lost parental authority', () => {
    const rows = [online(MOTHER, 'class'), online(FATHER, 'none')];
    expect(resolveImageConsent(rows, new Set([MOTHER]), 'classMoments')).to.deep.include({ scope: 'class', disagreement: false });
  });
});
