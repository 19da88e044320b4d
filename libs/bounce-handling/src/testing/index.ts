/**
 * Test doubles of the library's ports and builders of its values, for this repository's unit
 * tests and for services that import the library: `InMemory<Port>` keeps data in memory,
 * `Recording<Port>` remembers what it was given, `FixedClock` tells one time, `a<Thing>()`
 * builds a value with sensible defaults. None of them has the real adapters' concurrency.
 * A domain spec imports its builder's own file, not this index, which also brings Nest in
 * (`request-validation`).
 */
export * from './delivery-event.mother';
export * from './fixed-clock';
export * from './in-memory-address-state-repository';
export * from './in-memory-address-store';
export * from './in-memory-allow-list';
export * from './in-memory-allow-list-repository';
export * from './in-memory-api-key-repository';
export * from './in-memory-bounce-repository';
export * from './in-memory-campaign-repository';
export * from './in-memory-delivery-statistics';
export * from './in-memory-delivery-statistics-repository';
export * from './in-memory-mailbox';
export * from './in-memory-outbox';
export * from './in-memory-status-change-log';
export * from './in-memory-subscriber-bounces';
export * from './in-memory-subscriber-history';
export * from './in-memory-subscriber-repository';
export * from './in-memory-suppression-repository';
export * from './in-memory-transaction-runner';
export * from './in-memory-webhook-activity-repository';
export * from './in-memory-webhook-endpoint-repository';
export * from './manual-table-changes';
export * from './recording-ingestion-metrics';
export * from './recording-status-change-notifier';
export * from './request-validation';
export * from './subscriber.mother';
export * from './in-memory-webhook-delivery-queue';
export * from './in-memory-ingestion';
