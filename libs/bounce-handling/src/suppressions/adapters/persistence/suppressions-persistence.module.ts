import { type DynamicModule, Module } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../../../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../../../bounce-handling.options';
import { SoftSuppressionExpiry } from '../../../shared/application/soft-suppression-expiry';
import { SuppressionRepository } from '../../application/ports/suppression.repository.port';
import { PostgresSuppressionRepository } from './postgres-suppression-repository.adapter';

/**
 * The suppression list on PostgreSQL, and how long a suppression by the soft threshold lasts
 * (the list leaves out those that have lapsed; the use cases apply the same expiry).
 */
@Module({})
export class SuppressionsPersistenceModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to (its options and clock). */
  static register(shared: DynamicModule): DynamicModule {
    return {
      module: SuppressionsPersistenceModule,
      imports: [shared],
      providers: [
        {
          provide: SoftSuppressionExpiry,
          inject: [RESOLVED_BOUNCE_HANDLING_OPTIONS],
          useFactory: (options: ResolvedBounceHandlingOptions) => new SoftSuppressionExpiry(options.softSuppressionExpiryDays),
        },
        { provide: SuppressionRepository, useClass: PostgresSuppressionRepository },
      ],
      exports: [SuppressionRepository, SoftSuppressionExpiry],
    };
  }
}
