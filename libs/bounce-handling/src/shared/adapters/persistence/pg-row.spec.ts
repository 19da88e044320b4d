import { col, pgRow, UnexpectedRowError } from './pg-row';

const subscriberRow = pgRow({
  id: col.integer,
  email: col.text,
  status: col.oneOf(['active', 'bounced', 'unsubscribed']),
  last_bounce_at: col.nullable(col.timestamp),
  permissions: col.textArray,
  soft_bounce_times: col.timestamps,
  revoked: col.boolean,
});

const good = {
  id: '42',
  email: 'a@example.com',
  status: 'bounced',
  last_bounce_at: '2026-12-03T10:00:00.000Z',
  permissions: ['bounces'],
  soft_bounce_times: ['2026-12-01 10:00:00+00', '2026-12-02 10:00:00.5+00'],
  revoked: false,
  extra: 1,
};

describe('pgRow', () => {
  it('decodes a row into the columns it names: bigint text becomes a number, timestamp text a Date', () => {
    expect(subscriberRow(good)).toEqual({
      id: 42,
      email: 'a@example.com',
      status: 'bounced',
      last_bounce_at: new Date('2026-12-03T10:00:00.000Z'),
      permissions: ['bounces'],
      soft_bounce_times: [new Date('2026-12-01T10:00:00Z'), new Date('2026-12-02T10:00:00.500Z')],
      revoked: false,
    });
  });

  it('reads an array of timestamps given as Dates, and an empty one', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(subscriberRow({ ...good, soft_bounce_times: [at] }).soft_bounce_times).toEqual([at]);
    expect(subscriberRow({ ...good, soft_bounce_times: [] }).soft_bounce_times).toEqual([]);
  });

  it('accepts NULL where a column is nullable and a Date where pg parsed the timestamp', () => {
    expect(subscriberRow({ ...good, last_bounce_at: null }).last_bounce_at).toBeNull();
    const at = new Date('2026-01-01T00:00:00Z');
    expect(subscriberRow({ ...good, last_bounce_at: at }).last_bounce_at).toEqual(at);
  });

  it.each([
    ['a missing column', { ...good, email: undefined }, 'email', 'nothing (no such column)'],
    ['NULL in a column that may not hold it', { ...good, id: null }, 'id', 'NULL'],
    ['a status outside the vocabulary', { ...good, status: 'gone' }, 'status', 'one of active, bounced, unsubscribed'],
    ['an id that is not an integer', { ...good, id: '4.2' }, 'id', 'an integer'],
    ['an id beyond the safe integers', { ...good, id: '9007199254740993' }, 'id', 'an integer'],
    ['a timestamp that is no date', { ...good, last_bounce_at: 'yesterday' }, 'last_bounce_at', 'a timestamp'],
    ['an array holding a number', { ...good, permissions: ['bounces', 3] }, 'permissions', 'an array of text'],
    [
      'an array of timestamps holding no date',
      { ...good, soft_bounce_times: ['2026-12-01 10:00:00+00', 'soon'] },
      'soft_bounce_times',
      'an array of timestamps',
    ],
    ['a timestamp where an array of them belongs', { ...good, soft_bounce_times: '2026-12-01 10:00:00+00' }, 'soft_bounce_times', 'an array of timestamps'],
    ['a boolean given as text', { ...good, revoked: 'false' }, 'revoked', 'a boolean'],
  ])('refuses %s, naming the column', (_case, row, column, message) => {
    let thrown: unknown;
    try {
      subscriberRow(row);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnexpectedRowError);
    expect((thrown as UnexpectedRowError).column).toBe(column);
    expect((thrown as Error).message).toContain(`"${column}"`);
    expect((thrown as Error).message).toContain(message);
  });

  it('refuses what is not a row at all', () => {
    expect(() => subscriberRow(undefined)).toThrow(UnexpectedRowError);
  });
});
