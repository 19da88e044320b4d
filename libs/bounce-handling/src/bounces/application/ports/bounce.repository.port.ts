import type { KeysetPage, KeysetPageRequest, Page, PageRequest } from '../../../shared/application/page';
import type { Bounce, BounceView } from '../../domain/bounce';
import type { BounceCategory, BounceReason } from '../../domain/bounce-classification/bounce-reason';
import type { BounceSource, BounceType } from '../../domain/delivery-event';

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

/**
 * Which bounces to list: each field given keeps the bounces with one of its values (an address
 * or a recipient domain as stored: trimmed and lower-cased), `from` ≤ `created_at` < `to`; all
 * fields given at once keep what every one of them keeps. An empty filter keeps every bounce.
 */
export interface BounceFilter {
  readonly emails?: readonly string[];
  /** The recipient's domain: what follows the last `@` of the address. */
  readonly domains?: readonly string[];
  readonly bounceTypes?: readonly BounceType[];
  readonly categories?: readonly BounceCategory[];
  readonly reasons?: readonly BounceReason[];
  readonly sources?: readonly BounceSource[];
  readonly campaignIds?: readonly string[];
  readonly from?: Date;
  readonly to?: Date;
}

/** One bounce in full: as listed, and the provider's raw event as it was stored (an excerpt when it was too large; null when there was none). */
export interface BounceDetail extends BounceView {
  readonly rawPayload: unknown;
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
  /** The bounces the filter keeps, newest first (`created_at`, then `id`), and their exact number. */
  abstract list(filter: BounceFilter, page: KeysetPageRequest): Promise<KeysetPage<BounceView>>;
  abstract findById(id: number): Promise<BounceDetail | null>;
  abstract listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>>;
}
