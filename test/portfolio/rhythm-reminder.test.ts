import { expect } from 'chai';
import supertest from 'supertest';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';
import { classWithFamilies, postEntryForm } from './support.js';

describe('portfolio: the weekly rhythm on the teacher’s home page', () => {
  it('shows the next slot and names the children not featured lately, until an entry features them', async () => {
    const test = createTestApp();
    test.clock.set('2026-11-18T08:00:00.000Z');
    const request = supertest(test.app);
    const school = await SchoolFactory.create(testDataSource());
    const { klass, teacher, pupils } = await classWithFamilies(school, ['class', 'class', 'class']);
    const session = await test.signIn(teacher.id);
    const reminder = async () => {
      const home = await request.get('/home').set('Cookie', session.cookie);
      return /class="notice small rhythm-reminder">([^<]*)</.exec(home.text)?.[1] ?? '';
    };
    const home = await request.get('/home').set('Cookie', session.cookie);
    expect(home.text).to.include('Prochaine publication :').and.to.include('20 nov. 2026');
    expect(await reminder()).to.include('3 enfants pas mis en avant récemment');

    await postEntryForm(request, klass.id, session, { audience: 'children', pupilIds: pupils[0]!.id, comment: 'Bravo', when: 'now' }).expect(303);
    const after = await reminder();
    expect(after).to.include('2 enfants').and.not.to.include(pupils[0]!.givenName);
    expect(after).to.include(pupils[1]!.givenName);
  });
});
