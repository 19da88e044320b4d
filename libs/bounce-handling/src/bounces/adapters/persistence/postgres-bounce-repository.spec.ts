import { entityManagerAnswering } from '../../../../../../test/support/answering-entity-manager';
import { UnexpectedRowError } from '../../../shared/adapters/persistence/pg-row';
import { PostgresBounceRepository } from './postgres-bounce-repository.adapter';

/** A row of a bounce page as `pg` gives it: bigint ids and the total as text. */
const listed = {
  id: '12',
  email: 'a@example.com',
  bounce_type: 'hard',
  bounce_subtype: null,
  diagnostic_code: '550 5.1.1',
  reason: 'user_unknown',
  category: 'recipient',
  status: '5.1.1',
  remote_mta: null,
  source: 'ses',
  subscriber_id: '3',
  campaign_id: 'jan',
  provider_message_id: 'm-1',
  provider_event_id: null,
  created_at: '2026-01-10T12:00:00.000Z',
  position_at: '2026-01-10T12:00:00.000000Z',
  campaign_name: 'January',
  subscriber_name: null,
};

const bouncesAnswering = (row: unknown, total: unknown = '1') => bouncesAnsweringRows([row], total);

const bouncesAnsweringRows = (rows: unknown[], total: unknown = '1') =>
  new PostgresBounceRepository(entityManagerAnswering((sql) => (sql.includes('"total"') ? [{ total }] : rows)));

describe('PostgresBounceRepository, reading rows', () => {
  it('reads a page of bounces and its total from their rows', async () => {
    expect(await bouncesAnswering(listed, '41').list({}, { limit: 20, offset: 0 })).toEqual({
      items: [
        {
          id: 12,
          email: 'a@example.com',
          bounceType: 'hard',
          bounceSubtype: null,
          diagnosticCode: '550 5.1.1',
          cause: { reason: 'user_unknown', category: 'recipient', status: '5.1.1', remoteMta: null },
          source: 'ses',
          subscriberId: 3,
          campaignId: 'jan',
          providerMessageId: 'm-1',
          providerEventId: null,
          createdAt: new Date('2026-01-10T12:00:00Z'),
          campaignName: 'January',
          subscriberName: null,
        },
      ],
      total: 41,
      limit: 20,
      offset: 0,
      next: null,
    });
  });

  it('answers the position of the last bounce of a full page as where the next starts, when a row more than the page came', async () => {
    const older = { ...listed, id: '11', position_at: '2026-01-10T11:59:59.999999Z' };
    const oldest = { ...listed, id: '10', position_at: '2026-01-09T00:00:00.000001Z' };
    const page = await bouncesAnsweringRows([listed, older, oldest], '3').list({}, { limit: 2, offset: 0 });
    expect(page.items.map((item) => item.id)).toEqual([12, 11]);
    expect(page.next).toEqual(['2026-01-10T11:59:59.999999Z', 11]);
    expect((await bouncesAnsweringRows([listed, older], '2').list({}, { limit: 2, after: ['2026-01-11T00:00:00.000000Z', 99] })).next).toBeNull();
  });

  it('reads one bounce with the raw event as stored, and answers null for no row', async () => {
    const raw = { eventType: 'Bounce', bounce: { bounceType: 'Permanent' } };
    const { position_at: _position, ...stored } = listed;
    expect(await bouncesAnswering({ ...stored, raw_payload: raw }).findById(12)).toMatchObject({ id: 12, diagnosticCode: '550 5.1.1', rawPayload: raw });
    expect(await bouncesAnsweringRows([]).findById(12)).toBeNull();
  });

  it.each([
    ['a bounce type outside the vocabulary', { ...listed, bounce_type: 'bounced' }, '1', 'bounce_type'],
    ['a source outside the vocabulary', { ...listed, source: 'carrier-pigeon' }, '1', 'source'],
    ['a reason outside the vocabulary', { ...listed, reason: 'bounced' }, '1', 'reason'],
    ['a category outside the vocabulary', { ...listed, category: 'address' }, '1', 'category'],
    ['a subscriber id that is no integer', { ...listed, subscriber_id: 'three' }, '1', 'subscriber_id'],
    ['NULL for the address', { ...listed, email: null }, '1', 'email'],
    ['a total that is no integer', listed, null, 'total'],
  ])('refuses a page with %s, naming the column', async (_case, row, total, column) => {
    const bounces = bouncesAnswering(row, total);
    await expect(bounces.listBySubscriber(3, { limit: 20, offset: 0 })).rejects.toThrow(UnexpectedRowError);
    await expect(bounces.listBySubscriber(3, { limit: 20, offset: 0 })).rejects.toMatchObject({ column });
  });

  it('refuses a stored event key of a source outside the vocabulary, naming the column', async () => {
    const bounces = bouncesAnswering({ source: 'carrier-pigeon', provider_event_id: 'e-1' });
    await expect(bounces.recordedEvents([{ source: 'ses', providerEventId: 'e-1' }])).rejects.toMatchObject({ column: 'source' });
  });
});
