import { NO_FIGURES } from './delivery-figures';
import { rankGroups } from './group-ranking';

const row = (group: string | null, figures: Partial<typeof NO_FIGURES>) => ({ group, figures: { ...NO_FIGURES, ...figures } });

describe('rankGroups', () => {
  it('puts the groups with the most outcomes over all their rows first, and counts every group', () => {
    const rows = [row('a.test', { sent: 3 }), row('b.test', { sent: 4 }), row('a.test', { hard: 1, delivered: 1 }), row('c.test', { complaint: 1 })];
    expect(rankGroups(rows, 2)).toEqual({ groups: ['a.test', 'b.test'], groupsTotal: 3 });
  });

  it('breaks ties by the groups’ UTF-8 bytes, no group first, as PostgreSQL’s "C" collation does', () => {
    // U+FF21 (fullwidth A) is 3 bytes from 0xEF; U+1F600 is 4 bytes from 0xF0 but a UTF-16 surrogate (0xD83D) below U+FF21.
    const rows = [row('\u{1F600}', { sent: 1 }), row('\uFF21', { sent: 1 }), row('B', { sent: 1 }), row('a', { sent: 1 }), row(null, { sent: 1 })];
    expect(rankGroups(rows, 10).groups).toEqual(['', 'B', 'a', '\uFF21', '\u{1F600}']);
  });

  it('answers no group for no rows', () => {
    expect(rankGroups([], 20)).toEqual({ groups: [], groupsTotal: 0 });
  });
});
