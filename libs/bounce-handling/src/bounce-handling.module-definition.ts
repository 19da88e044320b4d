import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { BounceHandlingModuleOptions } from './bounce-handling.options';

export const {
  ConfigurableModuleClass: ConfigurableBounceHandlingModule,
  MODULE_OPTIONS_TOKEN: BOUNCE_HANDLING_MODULE_OPTIONS,
  OPTIONS_TYPE: BOUNCE_HANDLING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: BOUNCE_HANDLING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<BounceHandlingModuleOptions>().setClassMethodName('forRoot').build();

/** The options once checked and given their defaults (`ResolvedBounceHandlingOptions`), for the features' providers. */
export const RESOLVED_BOUNCE_HANDLING_OPTIONS = Symbol('RESOLVED_BOUNCE_HANDLING_OPTIONS');
