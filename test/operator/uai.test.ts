import { expect } from 'chai';
import { readUai, uaiCheckLetter } from '../../src/operator/uai.js';

/*
 * The UAI check letter, against real UAIs of the national directory: the letter is the seven
 * digits modulo 23 in the alphabet without I, O and Q.
 */
describe('UAI check letter', () => {
  it('accepts real UAIs and computes their letters', () => {
    // Lycée Henri-IV and Lycée Louis-le-Grand (Paris), Lycée du Parc (Lyon).
    for (const uai of ['0750654D', '0750655E', '0690026D']) {
      expect(readUai(uai), uai).to.deep.equal({ ok: true, uai });
      expect(uaiCheckLetter(uai.slice(0, 7))).to.equal(uai[7]);
    }
  });

  it("refuses the glossary's 0750001A: its letter is not A", () => {
    expect(readUai('0750001A')).to.deep.equal({ ok: false, problem: 'UAI_CHECK_LETTER_WRONG' });
    expect(uaiCheckLetter('0750001')).to.equal('U');
  });

  it('never uses I, O or Q, and covers the 23 letters', () => {
    const letters = new Set(Array.from({ length: 23 }, (_, n) => uaiCheckLetter(String(n).padStart(7, '0'))));
    expect(letters.size).to.equal(23);
    for (const letter of ['I', 'O', 'Q']) expect(letters.has(letter)).to.equal(false);
  });

  it('forgives spaces and case, and refuses what is not a UAI', () => {
    expect(readUai(' 0750654d ')).to.deep.equal({ ok: true, uai: '0750654D' });
    for (const bad of ['075065D', '07506544', 'X750654D', '0750654DD', '']) expect(readUai(bad).ok, bad).to.equal(false);
  });

  it("reads Corsica's 2A and 2B as the directory's 620 and 720", () => {
    const southLetter = uaiCheckLetter('6200001');
    const northLetter = uaiCheckLetter('7200009');
    expect(readUai(`02A0001${southLetter}`)).to.deep.equal({ ok: true, uai: `6200001${southLetter}` });
    expect(readUai(`02B0009${northLetter}`)).to.deep.equal({ ok: true, uai: `7200009${northLetter}` });
    expect(readUai(`6200001${southLetter}`)).to.deep.equal({ ok: true, uai: `6200001${southLetter}` });
    // The letter of the 2A code read as digits (with A→10, say) would be another one: refused.
    const wrong = southLetter === 'A' ? 'B' : 'A';
    expect(readUai(`02A0001${wrong}`)).to.deep.equal({ ok: false, problem: 'UAI_CHECK_LETTER_WRONG' });
  });
});
