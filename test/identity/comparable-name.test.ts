import { expect } from 'chai';
import { comparableName } from '../../src/connectors/contract.js';

describe('names compared as records write them', () => {
  it('matches an upper-cased record whatever its case, accents and punctuation', () => {
    expect(comparableName('LEA MARIE')).to.equal(comparableName('Léa-Marie'));
  });

  it('matches a Turkish dotless ı and a German ß with their upper-cased forms (YILMAZ, STRASSER)', () => {
    expect(comparableName('YILMAZ')).to.equal(comparableName('Yılmaz'));
    expect(comparableName('İNCE')).to.equal(comparableName('İnce'));
    expect(comparableName('STRASSER')).to.equal(comparableName('Straßer'));
  });

  it('keeps other scripts as themselves, and a name without letters matches nothing', () => {
    expect(comparableName('МАРИЯ')).to.equal('мария');
    expect(comparableName('عائشة')).to.have.length.above(0);
    expect(comparableName('— ')).to.equal('');
  });
});
