import type { Page, PageRequest } from '../../../shared/application/page';
import type { Bounce, BounceView } from '../../domain/bounce';
import type { BounceSource } from '../../domain/delivery-event';

/** A bounce to store: what is listed, less the id it does not have yet, plus the provider's raw event. */
export interface NewBounce extends Omit<Bounce, 'id'> {
  readonly rawPayload: unknown;
}

/** A provider's report, as its idempotency key names it. */
export interface ProviderEventKey {
  readonly source: BounceSource;
  readonly providerEventId: string;
}

/** A message to an address. */
export interface AddressMessage {
  readonly email: string;
  readonly providerMessageId: string;
}

export abstract class BounceRepository {
  /**
   * Stores the bounces; answers their ids in order, null for one whose source and provider
   * event id were already stored (the report was recorded before).
   */
  abstract addAll(bounces: readonly NewBounce[]): Promise<(number | null)[]>;
  /** Which of these reports are already recorded. */
  abstract recordedEvents(keys: readonly ProviderEventKey[]): Promise<ProviderEventKey[]>;
  /** Which of these messages already soft-bounced for their address. */
  abstract softBouncedMessages(messages: readonly AddressMessage[]): Promise<AddressMessage[]>;
  abstract list(page: PageRequest): Promise<Page<BounceView>>;
  abstract listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>>;
}
