import { type DynamicModule, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../bounce-handling.options';
import { ApiKeyStrategy } from './adapters/http/api-key.strategy';
import { AuthPersistenceModule } from './adapters/persistence/auth-persistence.module';
import { AuthenticateApiKey, CreateApiKey, EnsureBootstrapApiKey, ListApiKeys, RevokeApiKey } from './application/api-keys.use-cases';

/**
 * API keys: the passport strategy that authenticates them (registered once, used by every
 * feature's `ApiKeyGuard` through `RequirePermission`), the bootstrap key, and the key
 * management that the services that import the library and the host's CLI use.
 */
@Module({
  imports: [PassportModule, AuthPersistenceModule],
  providers: [ApiKeyStrategy, AuthenticateApiKey, EnsureBootstrapApiKey, CreateApiKey, ListApiKeys, RevokeApiKey],
  exports: [CreateApiKey, ListApiKeys, RevokeApiKey],
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
