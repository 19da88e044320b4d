import { type AddressState, NEW_ADDRESS_STATE } from '../../shared/domain/address-state';
import type { SuppressionReason } from '../../shared/domain/address-status';
import { decideAddition, decideRemoval, originOf } from './suppression';

const now = new Date('2026-02-01T10:00:00Z');
const lastBounceAt = new Date('2026-01-05T00:00:00Z');
const active: AddressState = { ...NEW_ADDRESS_STATE, consecutiveSoftBounces: 2, softBounceTimes: [lastBounceAt, lastBounceAt], lastBounceAt };
const suppressed = (status: 'bounced' | 'unsubscribed', suppressedBy: SuppressionReason | null): AddressState => ({
  ...NEW_ADDRESS_STATE,
  status,
  suppressedBy,
  lastBounceAt,
  statusChangedAt: lastBounceAt,
});

describe('originOf', () => {
  it.each<[SuppressionReason | null, string | null]>([
    ['hard-bounce', 'bounce'],
    ['soft-bounce-threshold', 'bounce'],
    ['complaint', 'complaint'],
    ['manual', 'manual'],
    ['import', 'import'],
    [null, null],
  ])('a suppression by %s comes from %s', (reason, origin) => {
    expect(originOf(reason)).toBe(origin);
  });
});

describe('decideAddition', () => {
  it.each<[string, AddressState, 'bounced' | 'unsubscribed', 'add' | 'already-suppressed']>([
    ['an active address takes bounced', active, 'bounced', 'add'],
    ['an active address takes unsubscribed', active, 'unsubscribed', 'add'],
    ['a bounced address becomes unsubscribed: a person’s wish takes precedence', suppressed('bounced', 'hard-bounce'), 'unsubscribed', 'add'],
    ['an unsubscribed address stays unsubscribed when bounced is added', suppressed('unsubscribed', 'complaint'), 'bounced', 'already-suppressed'],
    ['a bounced address is already bounced', suppressed('bounced', 'soft-bounce-threshold'), 'bounced', 'already-suppressed'],
    ['an unsubscribed address is already unsubscribed', suppressed('unsubscribed', 'manual'), 'unsubscribed', 'already-suppressed'],
  ])('%s', (_rule, state, status, kind) => {
    expect(decideAddition(state, status, 'manual', now).kind).toBe(kind);
  });

  it('suppresses with the origin as reason, at the time of the addition, with no run of soft bounces and the last bounce kept', () => {
    expect(decideAddition(active, 'bounced', 'import', now)).toEqual({
      kind: 'add',
      state: { ...NEW_ADDRESS_STATE, status: 'bounced', suppressedBy: 'import', lastBounceAt, statusChangedAt: now },
    });
  });
});

describe('decideRemoval', () => {
  it.each<[string, AddressState, boolean, 'remove' | 'not-suppressed' | 'kept']>([
    ['removes a hard bounce', suppressed('bounced', 'hard-bounce'), false, 'remove'],
    ['removes a suppression by the soft threshold', suppressed('bounced', 'soft-bounce-threshold'), false, 'remove'],
    ['removes a manual bounced entry', suppressed('bounced', 'manual'), false, 'remove'],
    ['removes a suppression of unknown cause', suppressed('bounced', null), false, 'remove'],
    ['keeps a complaint', suppressed('unsubscribed', 'complaint'), false, 'kept'],
    ['keeps an unsubscribed address, whatever recorded it', suppressed('unsubscribed', 'manual'), false, 'kept'],
    ['keeps a bounced address that complained', suppressed('bounced', 'complaint'), false, 'kept'],
    ['removes a complaint when complaints are included', suppressed('unsubscribed', 'complaint'), true, 'remove'],
    ['removes an unsubscribed address when complaints are included', suppressed('unsubscribed', 'import'), true, 'remove'],
    ['finds an active address not suppressed', active, false, 'not-suppressed'],
    ['finds an active address not suppressed, complaints included', active, true, 'not-suppressed'],
  ])('%s', (_rule, state, includeComplaints, kind) => {
    expect(decideRemoval(state, includeComplaints, now).kind).toBe(kind);
  });

  it('re-activates: active since the removal, a new run of soft bounces, the last bounce kept', () => {
    expect(decideRemoval(suppressed('bounced', 'hard-bounce'), false, now)).toEqual({
      kind: 'remove',
      state: { ...NEW_ADDRESS_STATE, lastBounceAt, statusChangedAt: now },
    });
  });
});
