/** Confirms an SNS subscription by visiting its SubscribeURL (checked by the caller). */
export abstract class SnsSubscriptionConfirmer {
  /** Resolves once SNS accepted the confirmation; rejects otherwise. */
  abstract confirm(subscribeUrl: string): Promise<void>;
}
