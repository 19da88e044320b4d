import { daysAfter } from './days';

describe('daysAfter', () => {
  it('counts a day as 24 hours, across a change of daylight saving time', () => {
    expect(daysAfter(new Date('2026-03-28T12:00:00Z'), 2)).toEqual(new Date('2026-03-30T12:00:00Z'));
  });

  it('goes back for a negative number of days', () => {
    expect(daysAfter(new Date('2026-01-10T12:00:00Z'), -7)).toEqual(new Date('2026-01-03T12:00:00Z'));
  });
});
