import type { AddressStateRepository, AddressStateUpdate, LockedAddress } from '../bounces/application/ports/address-state.repository.port';
import type { AddressMessage, BounceRepository, NewBounce, ProviderEventKey } from '../bounces/application/ports/bounce.repository.port';
import type { BounceView } from '../bounces/domain/bounce';
import { type AddressState, NEW_ADDRESS_STATE } from '../bounces/domain/address-state';
import type { Page, PageRequest } from '../shared/application/page';
import type { Clock } from '../shared/application/ports/clock.port';
import { StatusChangeLog } from '../shared/application/ports/status-change-log.port';
import type { StatusChangeNotifier } from '../shared/application/ports/status-change.notifier.port';
import type { TransactionRunner } from '../shared/application/ports/transaction-runner.port';
import type { StatusChange } from '../shared/domain/status-change';

/**
 * In-memory fakes of the bounces feature's ports, for unit tests of use cases. They keep the
 * contracts of the real adapters (idempotency by source + provider event id, state on the
 * subscriber when there is one) but not their concurrency: use the MikroORM adapters for that.
 */
export class InMemoryAddressStates implements AddressStateRepository {
  readonly subscribers = new Map<string, { id: number; state: AddressState }>();
  readonly addresses = new Map<string, AddressState>();
  /** Every set of addresses locked, in the order given. */
  readonly locks: string[][] = [];

  withSubscriber(email: string, id: number, state: AddressState = NEW_ADDRESS_STATE): this {
    this.subscribers.set(email, { id, state });
    return this;
  }

  stateOf(email: string): AddressState | undefined {
    return this.subscribers.get(email)?.state ?? this.addresses.get(email);
  }

  async lockAll(emails: readonly string[]): Promise<Map<string, LockedAddress>> {
    this.locks.push([...emails]);
    return new Map(
      emails.map((email) => {
        const subscriber = this.subscribers.get(email);
        const locked: LockedAddress = subscriber
          ? { email, subscriberId: subscriber.id, state: subscriber.state }
          : { email, subscriberId: null, state: this.addresses.get(email) ?? NEW_ADDRESS_STATE };
        return [email, locked];
      }),
    );
  }

  async saveAll(updates: readonly AddressStateUpdate[]): Promise<void> {
    for (const { address, state } of updates) {
      if (address.subscriberId !== null) this.subscribers.set(address.email, { id: address.subscriberId, state });
      else this.addresses.set(address.email, state);
    }
  }
}

export class InMemoryBounces implements BounceRepository {
  readonly rows: (NewBounce & { id: number })[] = [];

  async addAll(bounces: readonly NewBounce[]): Promise<(number | null)[]> {
    return bounces.map((bounce) => {
      const duplicate = bounce.providerEventId !== null && this.rows.some((row) => row.source === bounce.source && row.providerEventId === bounce.providerEventId);
      if (duplicate) return null;
      const id = this.rows.length + 1;
      this.rows.push({ ...bounce, id });
      return id;
    });
  }

  async recordedEvents(keys: readonly ProviderEventKey[]): Promise<ProviderEventKey[]> {
    return keys.filter((key) => this.rows.some((row) => row.source === key.source && row.providerEventId === key.providerEventId));
  }

  async softBouncedMessages(messages: readonly AddressMessage[]): Promise<AddressMessage[]> {
    return messages.filter((message) =>
      this.rows.some((row) => row.email === message.email && row.providerMessageId === message.providerMessageId && row.bounceType === 'soft'),
    );
  }

  async list(page: PageRequest): Promise<Page<BounceView>> {
    return this.page(this.rows, page);
  }

  async listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>> {
    return this.page(this.rows.filter((row) => row.subscriberId === subscriberId), page);
  }

  private page(rows: (NewBounce & { id: number })[], page: PageRequest): Page<BounceView> {
    const newestFirst = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    return {
      items: newestFirst.slice(page.offset, page.offset + page.limit).map((row) => ({ ...row, campaignName: null, subscriberName: null })),
      total: rows.length,
      limit: page.limit,
      offset: page.offset,
    };
  }
}

export class InMemoryStatusChangeLog extends StatusChangeLog {
  readonly entries: { change: StatusChange; actor: string | null }[] = [];

  async recordAll(changes: readonly StatusChange[], actor: string | null): Promise<void> {
    for (const change of changes) this.entries.push({ change, actor });
  }
}

/** Remembers what was published. */
export class RecordingStatusChangeNotifier implements StatusChangeNotifier {
  readonly published: StatusChange[] = [];

  async publish(changes: readonly StatusChange[]): Promise<void> {
    this.published.push(...changes);
  }
}

/** Runs the work; counts transactions so that tests can see how many a use case opened. */
export class InMemoryTransactionRunner implements TransactionRunner {
  transactions = 0;
  open = false;

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.transactions += 1;
    this.open = true;
    try {
      return await work();
    } finally {
      this.open = false;
    }
  }
}

export class FixedClock implements Clock {
  constructor(public current = new Date('2026-01-10T12:00:00Z')) {}

  now(): Date {
    return new Date(this.current);
  }
}
