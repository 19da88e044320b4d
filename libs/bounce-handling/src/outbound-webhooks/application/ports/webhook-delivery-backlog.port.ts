/** How many deliveries of outbound events wait to be made (`pending`: before their first attempt or between two). */
export abstract class WebhookDeliveryBacklog {
  abstract pendingDeliveries(): Promise<number>;
}
