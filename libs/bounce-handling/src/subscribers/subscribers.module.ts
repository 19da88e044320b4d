import { type DynamicModule, Module } from '@nestjs/common';
import { BouncesFacadeSubscriberBounces } from './adapters/bounces/bounces-facade-subscriber-bounces.adapter';
import { SubscribersController } from './adapters/http/subscribers.controller';
import { SuppressionsController } from './adapters/http/suppressions.controller';
import { SubscribersPersistenceModule } from './adapters/persistence/subscribers-persistence.module';
import { CheckSendability } from './application/check-sendability.use-case';
import { CreateSubscriber } from './application/create-subscriber.use-case';
import { GetSubscriber } from './application/get-subscriber.use-case';
import { ListSubscriberBounces } from './application/list-subscriber-bounces.use-case';
import { ListSubscriberHistory } from './application/list-subscriber-history.use-case';
import { ListSubscribers } from './application/list-subscribers.use-case';
import { SubscriberBounces } from './application/ports/subscriber-bounces.port';
import { ReactivateSubscriber } from './application/reactivate-subscriber.use-case';
import { SubscribersFacade } from './application/subscribers.facade';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { SoftSuppressionExpiry } from '../shared/application/soft-suppression-expiry';

/** Subscribers: their API and the suppression check, and `SubscribersFacade` (may this address be mailed?) for the importers. */
@Module({
  imports: [SubscribersPersistenceModule],
  controllers: [SubscribersController, SuppressionsController],
  providers: [
    CreateSubscriber,
    ListSubscribers,
    GetSubscriber,
    ListSubscriberBounces,
    ListSubscriberHistory,
    ReactivateSubscriber,
    CheckSendability,
    SubscribersFacade,
    {
      provide: SoftSuppressionExpiry,
      inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: (options: ResolvedBounceHandlingOptions) => new SoftSuppressionExpiry(options.softSuppressionExpiryDays),
    },
    { provide: SubscriberBounces, useClass: BouncesFacadeSubscriberBounces },
  ],
  exports: [SubscribersFacade],
})
export class SubscribersModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to; `bounces`: its `BouncesModule`, for a subscriber's bounces. */
  static register(shared: DynamicModule, bounces: DynamicModule): DynamicModule {
    return { module: SubscribersModule, imports: [shared, bounces] };
  }
}
