import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000_InitialSchema } from './Migration20261126000000_initial-schema';
import { Migration20261126010000_BounceCounters } from './Migration20261126010000_bounce-counters';
import { Migration20261126020000_LockAddressStates } from './Migration20261126020000_lock-address-states';
import { Migration20261126030000_BounceWritePath } from './Migration20261126030000_bounce-write-path';
import { Migration20261127090000_WebhookActivity } from './Migration20261127090000_webhook-activity';
import { Migration20261203100000_LockAddressStatesWithTimes } from './Migration20261203100000_lock-address-states-with-times';
import { Migration20261203120000_SuppressionCauseAndSoftBounceTimes } from './Migration20261203120000_suppression-cause-and-soft-bounce-times';
import { Migration20261203130000_BounceCauses } from './Migration20261203130000_bounce-causes';
import { Migration20261204100000_BounceFilters } from './Migration20261204100000_bounce-filters';
import { Migration20261204110000_SuppressionOrigin } from './Migration20261204110000_suppression-origin';
import { Migration20261204120000_Allowlist } from './Migration20261204120000_allowlist';
import { Migration20261204130000_OutboundWebhooks } from './Migration20261204130000_outbound-webhooks';
import { Migration20261204140000_DeliveryStatistics } from './Migration20261204140000_delivery-statistics';
import { Migration20261204150000_OutboxDispatch } from './Migration20261204150000_outbox-dispatch';
import { Migration20261204160000_TableChanges } from './Migration20261204160000_table-changes';
import { Migration20261204170000_PartitionedBounces } from './Migration20261204170000_partitioned-bounces';
import { Migration20261204210000_SendabilityIndexes } from './Migration20261204210000_sendability-indexes';
import { Migration20261204220000_BounceDomainCounters } from './Migration20261204220000_bounce-domain-counters';
import { Migration20261204230000_AddDeliveryStatistics } from './Migration20261204230000_add-delivery-statistics';
import { Migration20261205000000_SoftBouncedMessages } from './Migration20261205000000_soft-bounced-messages';

/**
 * The library's schema, in order. A host passes it to MikroORM as `migrations.migrationsList`
 * and applies pending ones at start; the schema never changes any other way.
 */
export const BOUNCE_HANDLING_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126000000_InitialSchema', class: Migration20261126000000_InitialSchema },
  { name: 'Migration20261126010000_BounceCounters', class: Migration20261126010000_BounceCounters },
  { name: 'Migration20261126020000_LockAddressStates', class: Migration20261126020000_LockAddressStates },
  { name: 'Migration20261126030000_BounceWritePath', class: Migration20261126030000_BounceWritePath },
  { name: 'Migration20261127090000_WebhookActivity', class: Migration20261127090000_WebhookActivity },
  { name: 'Migration20261203100000_LockAddressStatesWithTimes', class: Migration20261203100000_LockAddressStatesWithTimes },
  { name: 'Migration20261203120000_SuppressionCauseAndSoftBounceTimes', class: Migration20261203120000_SuppressionCauseAndSoftBounceTimes },
  { name: 'Migration20261203130000_BounceCauses', class: Migration20261203130000_BounceCauses },
  { name: 'Migration20261204100000_BounceFilters', class: Migration20261204100000_BounceFilters },
  { name: 'Migration20261204110000_SuppressionOrigin', class: Migration20261204110000_SuppressionOrigin },
  { name: 'Migration20261204120000_Allowlist', class: Migration20261204120000_Allowlist },
  { name: 'Migration20261204130000_OutboundWebhooks', class: Migration20261204130000_OutboundWebhooks },
  { name: 'Migration20261204140000_DeliveryStatistics', class: Migration20261204140000_DeliveryStatistics },
  { name: 'Migration20261204150000_OutboxDispatch', class: Migration20261204150000_OutboxDispatch },
  { name: 'Migration20261204160000_TableChanges', class: Migration20261204160000_TableChanges },
  { name: 'Migration20261204170000_PartitionedBounces', class: Migration20261204170000_PartitionedBounces },
  { name: 'Migration20261204210000_SendabilityIndexes', class: Migration20261204210000_SendabilityIndexes },
  { name: 'Migration20261204220000_BounceDomainCounters', class: Migration20261204220000_BounceDomainCounters },
  { name: 'Migration20261204230000_AddDeliveryStatistics', class: Migration20261204230000_AddDeliveryStatistics },
  { name: 'Migration20261205000000_SoftBouncedMessages', class: Migration20261205000000_SoftBouncedMessages },
];
