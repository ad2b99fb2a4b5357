import { expect } from 'chai';
import { qrValiditySchema } from '../../src/model/qr-validity.js';
import { defaultSchoolSettings, readSchoolSettings } from '../../src/model/school-settings.js';
import { qrExpiry } from '../../src/sharing/qr-expiry.js';
import { formatExpiry, lastsUnderADay } from '../../src/views/expiry-format.js';

const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);

describe('sharing: how long a QR code stays valid', () => {
  describe('the expiry of a code', () => {
    it('counts hours as elapsed time, even on the night the clocks go back', () => {
      expect(qrExpiry(at('2026-11-20T17:00:00.000Z'), { amount: 6, unit: 'hours' }, PARIS).toISOString()).to.equal('2026-11-20T23:00:00.000Z');
      // 25 October 2026, 03:00 summer time becomes 02:00 winter time in Paris.
      expect(qrExpiry(at('2026-10-24T22:00:00.000Z'), { amount: 6, unit: 'hours' }, PARIS).toISOString()).to.equal('2026-10-25T04:00:00.000Z');
    });

    it('ends a 3-month code issued on 30 November on the last day of February, at the same local time', () => {
      // 18:30 in Paris (winter time both ends).
      expect(qrExpiry(at('2026-11-30T17:30:00.000Z'), { amount: 3, unit: 'months' }, PARIS).toISOString()).to.equal('2027-02-28T17:30:00.000Z');
      // 2028 is a leap year: the 29th exists.
      expect(qrExpiry(at('2027-11-30T17:30:00.000Z'), { amount: 3, unit: 'months' }, PARIS).toISOString()).to.equal('2028-02-29T17:30:00.000Z');
    });

    it('keeps the day of the month when it exists, clamps it when the month is shorter, and crosses the year', () => {
      expect(qrExpiry(at('2026-11-15T09:00:00.000Z'), { amount: 3, unit: 'months' }, PARIS).toISOString()).to.equal('2027-02-15T09:00:00.000Z');
      expect(qrExpiry(at('2027-05-31T08:00:00.000Z'), { amount: 1, unit: 'months' }, PARIS).toISOString()).to.equal('2027-06-30T08:00:00.000Z');
      expect(qrExpiry(at('2026-12-15T09:00:00.000Z'), { amount: 12, unit: 'months' }, PARIS).toISOString()).to.equal('2027-12-15T09:00:00.000Z');
    });

    it('counts months on the school’s calendar, not on UTC’s', () => {
      // 00:30 on 1 December in Paris is still 30 November in UTC: the code ends on 1 March, 00:30 in Paris.
      expect(qrExpiry(at('2026-11-30T23:30:00.000Z'), { amount: 3, unit: 'months' }, PARIS).toISOString()).to.equal('2027-02-28T23:30:00.000Z');
      // 20:00 on 31 January in Tahiti (UTC−10) is 1 February in UTC; a month later is 28 February, 20:00 in Tahiti.
      expect(qrExpiry(at('2027-02-01T06:00:00.000Z'), { amount: 1, unit: 'months' }, 'Pacific/Tahiti').toISOString()).to.equal('2027-03-01T06:00:00.000Z');
    });

    it('ends a code counted in days or months at the same local time across a change of clocks', () => {
      // 10:00 in Paris on 20 March (winter time), 30 days later 10:00 in Paris on 19 April (summer time).
      expect(qrExpiry(at('2027-03-20T09:00:00.000Z'), { amount: 30, unit: 'days' }, PARIS).toISOString()).to.equal('2027-04-19T08:00:00.000Z');
      expect(qrExpiry(at('2027-03-20T09:00:00.000Z'), { amount: 1, unit: 'months' }, PARIS).toISOString()).to.equal('2027-04-20T08:00:00.000Z');
    });

    it('keeps the seconds of the issuing instant', () => {
      expect(qrExpiry(at('2026-11-20T09:00:42.123Z'), { amount: 90, unit: 'days' }, PARIS).toISOString()).to.equal('2027-02-18T09:00:42.123Z');
    });
  });

  describe('the setting', () => {
    it('accepts 1–23 hours, 1–366 days and 1–12 months', () => {
      for (const ok of [
        { amount: 1, unit: 'hours' },
        { amount: 23, unit: 'hours' },
        { amount: 366, unit: 'days' },
        { amount: 12, unit: 'months' },
      ]) {
        expect(qrValiditySchema.safeParse(ok).success, JSON.stringify(ok)).to.equal(true);
      }
    });

    it('refuses nothing, less than nothing, more than the unit allows, a fraction and an unknown unit', () => {
      for (const bad of [
        { amount: 0, unit: 'hours' },
        { amount: -3, unit: 'days' },
        { amount: 24, unit: 'hours' },
        { amount: 367, unit: 'days' },
        { amount: 13, unit: 'months' },
        { amount: 1.5, unit: 'days' },
        { amount: 2, unit: 'weeks' },
        { amount: 2 },
        { amount: 2, unit: 'days', extra: true },
      ]) {
        expect(qrValiditySchema.safeParse(bad).success, JSON.stringify(bad)).to.equal(false);
      }
    });

    it('defaults to 90 days', () => {
      expect(defaultSchoolSettings().sharing.qrValidity).to.deep.equal({ amount: 90, unit: 'days' });
    });

    it('reads settings stored with qrValidityDays as that many days, and keeps the school’s other choices', () => {
      const { sharing: current, ...others } = defaultSchoolSettings();
      const { qrValidity: _replaced, ...sharing } = current;
      const stored = { ...others, sharing: { ...sharing, qrValidityDays: 30, personalLinksAllowed: false }, retentionDaysAfterLeaving: 400 };
      const read = readSchoolSettings({ settingsJson: JSON.stringify(stored) });
      expect(read.sharing).to.deep.equal({ qrValidity: { amount: 30, unit: 'days' }, personalLinksAllowed: false, accessLogRetentionDays: 365 });
      expect(read.retentionDaysAfterLeaving).to.equal(400);
    });

    it('prefers qrValidity when both keys are stored, and falls back to the defaults on an old value out of bounds', () => {
      const both = readSchoolSettings({ settingsJson: JSON.stringify({ sharing: { qrValidityDays: 30, qrValidity: { amount: 6, unit: 'hours' } } }) });
      expect(both.sharing.qrValidity).to.deep.equal({ amount: 6, unit: 'hours' });
      const broken = readSchoolSettings({ settingsJson: JSON.stringify({ sharing: { qrValidityDays: 0 } }) });
      expect(broken).to.deep.equal(defaultSchoolSettings());
    });
  });

  describe('how an expiry is written', () => {
    const issued = at('2026-11-20T17:00:00.000Z');

    it('gives the time of a code that lasts under a day, the date alone otherwise', () => {
      expect(lastsUnderADay(issued, at('2026-11-20T23:00:00.000Z'))).to.equal(true);
      expect(lastsUnderADay(issued, at('2026-11-21T17:00:00.000Z'))).to.equal(false);
      // Six hours from 18:00 in Paris: midnight, so the date is the next day's.
      expect(formatExpiry(at('2026-11-20T23:00:00.000Z'), issued, 'fr', PARIS, 'long')).to.equal('21 novembre 2026 à 00:00');
      expect(formatExpiry(at('2027-02-18T09:00:00.000Z'), issued, 'fr', PARIS, 'long')).to.equal('18 février 2027');
      expect(formatExpiry(at('2026-11-20T22:59:00.000Z'), issued, 'en', PARIS, 'long')).to.match(/^November 20, 2026(,| at) 11:59\sPM$/);
    });
  });
});
