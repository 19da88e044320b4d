import { BounceHandlingRules } from '../bounces/application/bounce-handling-rules';
import { IngestDeliveryEvents } from '../bounces/application/ingest-delivery-events.use-case';
import type { BouncePolicyRules } from '../bounces/domain/bounce-handling.policy';
import { FixedClock } from './fixed-clock';
import { InMemoryAddressStateRepository } from './in-memory-address-state-repository';
import { InMemoryAllowList } from './in-memory-allow-list';
import { InMemoryBounceRepository } from './in-memory-bounce-repository';
import { InMemoryOutbox } from './in-memory-outbox';
import { InMemoryStatusChangeLog } from './in-memory-status-change-log';
import { InMemoryTransactionRunner } from './in-memory-transaction-runner';
import { RecordingDeliveryStatistics } from './in-memory-delivery-statistics';
import { RecordingIngestionMetrics } from './recording-ingestion-metrics';
import { RecordingStatusChangeNotifier } from './recording-status-change-notifier';

/**
 * `IngestDeliveryEvents` on in-memory adapters, with each of them, for a test to arrange and
 * read: a soft-bounce threshold of 3 unless told, the fixed clock.
 */
export function inMemoryIngestion(threshold = 3, rules: Partial<BouncePolicyRules> = {}) {
  const addresses = new InMemoryAddressStateRepository();
  const bounces = new InMemoryBounceRepository();
  const log = new InMemoryStatusChangeLog();
  const transactions = new InMemoryTransactionRunner();
  const notifier = new RecordingStatusChangeNotifier();
  const clock = new FixedClock();
  const allowList = new InMemoryAllowList();
  const outbox = new InMemoryOutbox(transactions);
  const statistics = new RecordingDeliveryStatistics();
  const metrics = new RecordingIngestionMetrics();
  const ingest = new IngestDeliveryEvents(
    transactions,
    addresses,
    bounces,
    log,
    notifier,
    new BounceHandlingRules(threshold, rules),
    clock,
    allowList,
    outbox,
    statistics,
    metrics,
  );
  return { ingest, addresses, bounces, log, transactions, notifier, clock, allowList, outbox, statistics, metrics };
}
