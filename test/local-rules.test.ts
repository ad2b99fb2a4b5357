import { expect } from 'chai';
import { byNames } from '../src/i18n/collation.js';
import { currentSchoolYear } from '../src/school-year/current-school-year.js';
import { endOfLocalDay, localDate, zonedInstant } from '../src/school-year/local-time.js';

describe('time in the school’s zone', () => {
  it('ends a day at local midnight, in summer and winter time and overseas', () => {
    expect(endOfLocalDay('2027-07-05', 'Europe/Paris').toISOString()).to.equal('2027-07-05T21:59:59.999Z');
    expect(endOfLocalDay('2027-01-15', 'Europe/Paris').toISOString()).to.equal('2027-01-15T22:59:59.999Z');
    expect(endOfLocalDay('2027-07-05', 'Pacific/Tahiti').toISOString()).to.equal('2027-07-06T09:59:59.999Z');
    expect(zonedInstant('2026-10-25', '02:30:00.000', 'Europe/Paris').toISOString()).to.equal('2026-10-25T01:30:00.000Z');
  });

  it('reads the local date of an instant', () => {
    expect(localDate(new Date('2026-11-20T23:30:00Z'), 'Europe/Paris')).to.equal('2026-11-21');
    expect(localDate(new Date('2026-11-20T23:30:00Z'), 'America/Cayenne')).to.equal('2026-11-20');
  });

  it('starts the school year at local midnight on 1 September', () => {
    const year = currentSchoolYear(new Date('2026-11-20T09:00:00Z'), 'Europe/Paris');
    expect(year.label).to.equal('2026-2027');
    expect(year.startsAt.toISOString()).to.equal('2026-08-31T22:00:00.000Z');
  });
});

describe('name order', () => {
  it('sorts accented names as a French reader expects, on every engine', () => {
    const names = ['Zoé Durand', 'Éric Durand', 'emma Durand', 'Élodie Abel'].map((full) => {
      const [givenName, familyName] = full.split(' ') as [string, string];
      return { givenName, familyName };
    });
    names.sort(byNames((person) => [person.familyName, person.givenName]));
    expect(names.map((person) => person.givenName)).to.deep.equal(['Élodie', 'emma', 'Éric', 'Zoé']);
  });
});
