import { expect } from 'chai';
import { planDelivery, type DeliveryPlanInput } from '../../src/notify/plan-delivery.js';
import { zonedInstant } from '../../src/notify/zoned-time.js';

/* The right to disconnect, one rule per test, in Paris time (UTC+1 in winter, UTC+2 in summer). */
const SCHOOL = { start: '07:30', end: '19:30', days: [1, 2, 3, 4, 5] };
const plan = (now: string, extra: Partial<DeliveryPlanInput> = {}) =>
  planDelivery({ now: new Date(now), timeZone: 'Europe/Paris', school: SCHOOL, personal: null, urgent: false, ...extra }).toISOString();

describe('quiet-hours planner', () => {
  it('sends at once inside school hours', () => {
    expect(plan('2026-11-24T09:00:00.000Z')).to.equal('2026-11-24T09:00:00.000Z');
  });

  it('defers a message sent at 21:00 on a Tuesday to 07:30 on Wednesday', () => {
    expect(plan('2026-11-24T20:00:00.000Z')).to.equal('2026-11-25T06:30:00.000Z');
  });

  it('defers a Friday evening message to Monday 07:30', () => {
    expect(plan('2026-11-27T19:00:00.000Z')).to.equal('2026-11-30T06:30:00.000Z');
  });

  it('defers a message sent before opening to the opening of the same day', () => {
    expect(plan('2026-11-24T05:00:00.000Z')).to.equal('2026-11-24T06:30:00.000Z');
  });

  it('lets urgent messages through at night', () => {
    expect(plan('2026-11-24T22:00:00.000Z', { urgent: true })).to.equal('2026-11-24T22:00:00.000Z');
  });

  it("respects a person's own quiet hours inside the school's", () => {
    const personal = { quietStart: '12:00', quietEnd: '14:00', digest: 'immediate' as const };
    expect(plan('2026-11-24T11:30:00.000Z', { personal })).to.equal('2026-11-24T13:00:00.000Z');
  });

  it('handles personal quiet hours that span midnight', () => {
    const personal = { quietStart: '18:00', quietEnd: '08:30', digest: 'immediate' as const };
    expect(plan('2026-11-24T20:00:00.000Z', { personal })).to.equal('2026-11-25T07:30:00.000Z');
  });

  it('sends a daily digest at the opening of the next school day', () => {
    const personal = { quietStart: null, quietEnd: null, digest: 'daily' as const };
    expect(plan('2026-11-24T09:00:00.000Z', { personal })).to.equal('2026-11-25T06:30:00.000Z');
  });

  it('sends a weekly digest on Monday morning', () => {
    const personal = { quietStart: null, quietEnd: null, digest: 'weekly' as const };
    expect(plan('2026-11-25T09:00:00.000Z', { personal })).to.equal('2026-11-30T06:30:00.000Z');
  });

  it('follows summer time: 07:30 in Paris is 05:30 UTC in June', () => {
    expect(plan('2026-06-09T19:00:00.000Z')).to.equal('2026-06-10T05:30:00.000Z');
  });

  it('finds local times across the spring-forward change', () => {
    expect(zonedInstant('Europe/Paris', { year: 2026, month: 3, day: 29 }, 0, 7 * 60 + 30).toISOString()).to.equal('2026-03-29T05:30:00.000Z');
    expect(zonedInstant('America/Cayenne', { year: 2026, month: 3, day: 29 }, 0, 7 * 60 + 30).toISOString()).to.equal('2026-03-29T10:30:00.000Z');
  });
});
