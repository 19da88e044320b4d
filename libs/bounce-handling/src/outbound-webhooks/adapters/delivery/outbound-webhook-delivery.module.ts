import { type DynamicModule, Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RESOLVED_BOUNCE_HANDLING_OPTIONS } from '../../../bounce-handling.module-definition';
import type { ResolvedBounceHandlingOptions } from '../../../bounce-handling.options';
import { Clock } from '../../../shared/application/ports/clock.port';
import { DeliverOutboundEvents, DeliverySettings } from '../../application/deliver-outbound-events.use-case';
import { WebhookDeliveryLog } from '../../application/ports/webhook-delivery-log.port';
import { WebhookDeliveryQueue } from '../../application/ports/webhook-delivery-queue.port';
import { WebhookSender } from '../../application/ports/webhook-sender.port';
import { ListWebhookDeliveries, RetryWebhookDelivery } from '../../application/webhook-deliveries.use-cases';
import { DEFAULT_DELIVERY_SCHEDULE } from '../../domain/delivery-schedule';
import { WebhookDeliveriesController } from '../http/webhook-deliveries.controller';
import { CountingWebhookDeliveryQueue } from '../metrics/counting-webhook-delivery-queue.adapter';
import { DEFAULT_SEND_TIMEOUT_MS, HttpWebhookSender } from './http-webhook-sender.adapter';
import { DEFAULT_WORKER_SETTINGS, type IngestionPaceReading, OutboundWebhookWorker } from './outbound-webhook-worker';
import { IngestionPace } from '../../../shared/adapters/load/ingestion-pace';
import { PostgresWebhookDeliveryLog } from './postgres-webhook-delivery-log.adapter';
import { PostgresWebhookDeliveryQueue } from './postgres-webhook-delivery-queue.adapter';

/** A claim's lease: the send's timeout, and time to record its outcome. */
const LEASE_MARGIN_MS = 5_000;

/** Starts the worker with the application (unless `outboundWebhooksWorker` is false) and stops it, its deliveries in flight recorded, before the database closes. */
@Injectable()
export class OutboundWebhookDelivery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly worker: OutboundWebhookWorker;

  constructor(
    deliver: DeliverOutboundEvents,
    private readonly sender: WebhookSender,
    private readonly options: { readonly enabled: boolean },
    ingestion?: IngestionPaceReading,
  ) {
    this.worker = new OutboundWebhookWorker(deliver, DEFAULT_WORKER_SETTINGS, ingestion);
  }

  onApplicationBootstrap(): void {
    if (this.options.enabled) this.worker.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.stop();
    if (this.sender instanceof HttpWebhookSender) this.sender.close();
  }
}

/**
 * The delivery of outbound events: the worker of this process (`OutboundWebhookWorker`), the
 * sender, the queue and log on PostgreSQL, and the delivery log's API.
 */
@Module({
  controllers: [WebhookDeliveriesController],
  providers: [
    PostgresWebhookDeliveryQueue,
    {
      // Failed attempts are counted once recorded, when the host keeps metrics.
      provide: WebhookDeliveryQueue,
      inject: [PostgresWebhookDeliveryQueue, RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: (queue: PostgresWebhookDeliveryQueue, { metricsRegistry }: ResolvedBounceHandlingOptions) =>
        metricsRegistry === null ? queue : new CountingWebhookDeliveryQueue(queue, metricsRegistry),
    },
    { provide: WebhookDeliveryLog, useClass: PostgresWebhookDeliveryLog },
    {
      provide: WebhookSender,
      inject: [Clock, RESOLVED_BOUNCE_HANDLING_OPTIONS],
      useFactory: (clock: Clock, resolved: ResolvedBounceHandlingOptions) =>
        new HttpWebhookSender(clock, { allowInsecure: resolved.outboundWebhooksAllowInsecure, timeoutMs: DEFAULT_SEND_TIMEOUT_MS }),
    },
    {
      provide: DeliverySettings,
      useValue: { schedule: DEFAULT_DELIVERY_SCHEDULE, leaseMs: DEFAULT_SEND_TIMEOUT_MS + LEASE_MARGIN_MS, perEndpoint: 4, random: Math.random },
    },
    DeliverOutboundEvents,
    ListWebhookDeliveries,
    RetryWebhookDelivery,
    {
      provide: OutboundWebhookDelivery,
      inject: [DeliverOutboundEvents, WebhookSender, RESOLVED_BOUNCE_HANDLING_OPTIONS, IngestionPace],
      useFactory: (deliver: DeliverOutboundEvents, sender: WebhookSender, resolved: ResolvedBounceHandlingOptions, pace: IngestionPace) =>
        new OutboundWebhookDelivery(deliver, sender, { enabled: resolved.outboundWebhooksWorker && resolved.backgroundWork }, pace),
    },
  ],
})
export class OutboundWebhookDeliveryModule {
  /** `shared`: the `SharedModule` of the `BounceHandlingModule`; `outboundWebhooks`: its `OutboundWebhooksModule` (the endpoints). */
  static register(shared: DynamicModule, outboundWebhooks: DynamicModule): DynamicModule {
    return { module: OutboundWebhookDeliveryModule, imports: [shared, outboundWebhooks] };
  }
}
