import { type DynamicModule, Module } from '@nestjs/common';
import { BounceHandlingEvents } from './adapters/notification/bounce-handling.events';

/**
 * The in-process status-change events, a module of their own so that `BounceHandlingModule`
 * can offer them to its importers without offering the rest of `SharedModule`.
 */
@Module({})
export class BounceHandlingEventsModule {
  /** One per `BounceHandlingModule`: the notifier and the importers' listeners meet on it. */
  static register(): DynamicModule {
    return { module: BounceHandlingEventsModule, providers: [BounceHandlingEvents], exports: [BounceHandlingEvents] };
  }
}
