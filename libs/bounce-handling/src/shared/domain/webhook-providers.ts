/**
 * The providers whose webhooks the library serves, in the order their status is listed: the
 * domain's one list of them, for what names a provider without knowing its webhook (a bounce's
 * `source`, a webhook's activity). Each provider is a folder under `webhooks/providers/`,
 * registered by one line of `webhooks/webhook-providers.ts`, whose type wants a definition for
 * every name here and for no other: a name without its provider, or a provider without its
 * name, does not compile.
 */
export const WEBHOOK_PROVIDERS = ['ses', 'mailgun', 'sendgrid', 'postmark', 'sparkpost', 'mailjet', 'brevo', 'resend'] as const;

export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];
