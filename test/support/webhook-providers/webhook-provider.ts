/** One HTTP request as a provider would post it. */
export interface WebhookRequest {
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One event in the provider's own JSON (an element of its batch, its event data, its message). */
export type ProviderEvent = Record<string, unknown>;

/**
 * What test/webhooks-conformance.e2e-spec.ts needs to know of a provider's webhook to hold it
 * to the promises every webhook makes (docs/providers.md, "What every webhook does").
 */
export interface WebhookProvider {
  /** As in `bounces.source`. */
  readonly name: string;
  readonly path: string;
  /** The settings that configure the webhook (called once per app; keys may be made on the first call). */
  env(): Record<string, string>;
  /** The setting an unconfigured webhook's 503 names. */
  readonly requiredVariable: string;
  /** Test doubles for whatever would leave the machine. */
  readonly overrides?: ReadonlyArray<readonly [token: unknown, value: unknown]>;

  /** A request carrying `event`, signed as the provider signs. */
  signed(event: ProviderEvent): WebhookRequest;
  /** The same request, signed with a key that is not the configured one. */
  wronglySigned(event: ProviderEvent): WebhookRequest;
  /**
   * `body` as the request's bytes, made authentic where the provider can: signed when the
   * signature covers the raw body, or given the provider's signature fields when they are part
   * of the body. Either way the webhook reads the body, not just its signature.
   */
  signedBody(body: string): WebhookRequest;

  /** Reports about `email`; `eventId` is the provider's own id of the report, the same in a re-delivery. */
  hardBounce(email: string, eventId: string): ProviderEvent;
  complaint(email: string, eventId: string): ProviderEvent;
  delivery(email: string, eventId: string): ProviderEvent;

  /** Removes what `env()` made (temporary folders). */
  dispose?(): void;
}
