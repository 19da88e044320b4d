import type { Page, PageRequest } from '../../../shared/application/page';
import type { BounceView } from '../../domain/bounce';
import type { BounceSource, BounceType } from '../../domain/delivery-event';

export interface NewBounce {
  readonly email: string;
  readonly bounceType: BounceType;
  readonly bounceSubtype: string | null;
  readonly diagnosticCode: string | null;
  readonly source: BounceSource;
  readonly subscriberId: number | null;
  readonly campaignId: string | null;
  readonly providerMessageId: string | null;
  readonly providerEventId: string | null;
  readonly rawPayload: unknown;
  readonly createdAt: Date;
}

export abstract class BounceRepository {
  /**
   * Stores the bounce unless one with the same source and provider event id exists (then
   * returns null: the report was already recorded).
   */
  abstract add(bounce: NewBounce): Promise<number | null>;
  /** Whether a soft bounce of this provider message was already recorded for the address. */
  abstract hasSoftBounceOfMessage(email: string, providerMessageId: string): Promise<boolean>;
  abstract list(page: PageRequest): Promise<Page<BounceView>>;
  abstract listBySubscriber(subscriberId: number, page: PageRequest): Promise<Page<BounceView>>;
}
