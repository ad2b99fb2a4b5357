import { expect } from 'chai';
import supertest from 'supertest';
import { createTestApp } from '../support/app.js';
import { demoPerson, demoSchool } from '../support/demo.js';

describe('portfolio in the demo school', () => {
  it('shows Julie Petit a class moment and Léo’s entries with their skills, and Léo’s father nothing', async () => {
    const test = createTestApp();
    // The demo school is seeded on 1 November 2026: its entries go back three weeks from there.
    test.clock.set('2026-11-02T08:00:00.000Z');
    await demoSchool();
    const request = supertest(test.app);
    const [julie, marc, leo] = await Promise.all([demoPerson('Julie', 'Petit'), demoPerson('Marc', 'Petit'), demoPerson('Léo', 'Petit')]);
    const asJulie = await test.signIn(julie.id);
    const timeline = await request.get(`/children/${leo.id}/portfolio`).set('Cookie', asJulie.cookie);
    expect(timeline.status).to.equal(200);
    expect([...timeline.text.matchAll(/<h2 id="entry-[^"]+"[^>]*><a [^>]*>([^<]*)</g)].map((match) => match[1])).to.deep.equal([
      'L’histoire du petit ours',
      'Léo compte les graines',
      'La rentrée des Hiboux',
    ]);
    const skills = await request.get(`/children/${leo.id}/skills`).set('Cookie', asJulie.cookie);
    expect(skills.text).to.match(/id="skills-successes"[\s\S]*Pratiquer divers usages du langage oral[\s\S]*id="skills-workingOn"[\s\S]*Dire la suite des nombres/);

    const asMarc = await test.signIn(marc.id);
    expect((await request.get(`/children/${leo.id}/portfolio`).set('Cookie', asMarc.cookie)).status).to.equal(404);
  });
});
