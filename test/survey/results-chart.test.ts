import { expect } from 'chai';
import { questionChart } from '../../src/survey/results-chart.js';

describe('survey charts: server-drawn SVG bars', () => {
  const bars = [
    { label: 'Un smartphone', count: 4, percent: 80 },
    { label: '<b>Aucun</b>', count: 1, percent: 20 },
    { label: 'Une tablette', count: 0, percent: 0 },
  ];

  it('draws one bar per option, its length in proportion, its label as text', () => {
    const svg = questionChart(bars, false);
    const widths = [...svg.matchAll(/<rect x="(\d+)" y="\d+" width="(\d+)"/g)].map((match) => [Number(match[1]), Number(match[2])]);
    expect(widths).to.deep.equal([[0, 208], [0, 52], [0, 1]]);
    expect(svg).to.include('&lt;b&gt;Aucun&lt;/b&gt;').and.not.include('<b>');
    expect(svg).to.include('aria-hidden="true"').and.include('direction="ltr"');
  });

  it('grows bars from the right edge in a right-to-left page', () => {
    const svg = questionChart(bars, true);
    const starts = [...svg.matchAll(/<rect x="(\d+)" y="\d+" width="(\d+)"/g)].map((match) => Number(match[1]) + Number(match[2]));
    expect(starts).to.deep.equal([320, 320, 320]);
    expect(svg).to.include('direction="rtl"');
  });
});
