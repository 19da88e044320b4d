import { type DynamicModule, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { ApiKeyStrategy } from './adapters/http/api-key.strategy';
import { AuthPersistenceModule } from './adapters/persistence/auth-persistence.module';
import { CachedApiKeyRepository } from './adapters/persistence/cached-api-key-repository.adapter';
import { PostgresApiKeyRepository } from './adapters/persistence/postgres-api-key-repository.adapter';
import { ApiKeysFacade } from './application/api-keys.facade';
import { AuthenticateApiKey, EnsureBootstrapApiKey } from './application/api-keys.use-cases';
import { ApiKeyRepository } from './application/ports/api-key.repository.port';
import { TableChanges } from '../shared/adapters/persistence/table-changes';
import { Clock } from '../shared/application/ports/clock.port';

/**
 * API keys: the passport strategy that authenticates them (registered once, used by every
 * feature's `ApiKeyGuard` through `RequirePermission`), the bootstrap key, and `ApiKeysFacade`
 * for the services that import the library and the host's CLI. The keys are looked up through the
 * cache of this process, which the database's notices of key changes empty (`TableChanges`).
 */
@Module({
  imports: [PassportModule, AuthPersistenceModule],
  providers: [
    {
      provide: ApiKeyRepository,
      inject: [PostgresApiKeyRepository, Clock, TableChanges],
      useFactory: (stored: PostgresApiKeyRepository, clock: Clock, changes: TableChanges) => new CachedApiKeyRepository(stored, clock, changes),
    },
    ApiKeyStrategy,
    AuthenticateApiKey,
    EnsureBootstrapApiKey,
    ApiKeysFacade,
  ],
  exports: [ApiKeysFacade],
})
export class AuthModule implements OnApplicationBootstrap {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule` this feature belongs to. */
  static register(shared: DynamicModule): DynamicModule {
    return { module: AuthModule, imports: [shared] };
  }

  constructor(
    @Inject(RESOLVED_BOUNCE_HANDLING_OPTIONS) private readonly options: ResolvedBounceHandlingOptions,
    private readonly ensureBootstrapApiKey: EnsureBootstrapApiKey,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.bootstrapApiKey !== null) await this.ensureBootstrapApiKey.execute(this.options.bootstrapApiKey);
  }
}
