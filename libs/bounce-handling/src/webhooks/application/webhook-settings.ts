import type { WebhookProvider } from '../domain/webhook-activity';
import { WebhookNotConfiguredError } from '../domain/webhook.errors';

/**
 * How a setting is written: one value (`text`), several (`list`, comma-separated in an
 * environment variable), a file or folder (`path`), or text that may span lines
 * (`multiline`, a PEM key).
 */
export type WebhookSettingKind = 'text' | 'list' | 'path' | 'multiline';

/**
 * One setting of a provider's webhook: an option of the module (`webhooks.<provider>.<option>`)
 * that a host reads from one environment variable.
 */
export interface WebhookSetting {
  readonly option: string;
  readonly variable: string;
  readonly kind: WebhookSettingKind;
  /** The webhook refuses every request (503 `NOT_CONFIGURED`, naming the variable) while this one is unset. */
  readonly required?: boolean;
  /** What is wrong with a value (each value of a list), as a sentence naming the setting as `name`; null if nothing is. */
  readonly check?: (value: string, name: string) => string | null;
}

/** A provider's settings, exactly one of them required. */
export type WebhookSettingList = readonly WebhookSetting[];

type ValueOf<Setting extends WebhookSetting, Unset> = Setting['kind'] extends 'list' ? readonly string[] : string | Unset;

/** The options a host gives a provider's webhook, under `webhooks.<provider>`. */
export type WebhookOptions<Settings extends WebhookSettingList> = {
  readonly [Setting in Settings[number] as Setting['option']]?: ValueOf<Setting, never>;
};

/** A provider's settings as resolved: trimmed; an unset value null, an unset list empty. */
export type ResolvedWebhookSettings<Settings extends WebhookSettingList> = {
  readonly [Setting in Settings[number] as Setting['option']]: ValueOf<Setting, null>;
};

type AnyResolvedSettings = Readonly<Record<string, string | readonly string[] | null>>;

/**
 * A provider's options resolved, with what is wrong with them: each problem names its setting as
 * `nameOf` says (the module: `webhooks.ses.topicArns`; the host: `SES_TOPIC_ARNS`).
 */
export function resolveWebhookSettings<Settings extends WebhookSettingList>(
  settings: Settings,
  options: WebhookOptions<Settings> | undefined,
  nameOf: (setting: WebhookSetting) => string,
): { readonly resolved: ResolvedWebhookSettings<Settings>; readonly problems: readonly string[] } {
  const given = (options ?? {}) as Readonly<Record<string, string | readonly string[] | undefined>>;
  const resolved: Record<string, string | readonly string[] | null> = {};
  const problems: string[] = [];
  const check = (setting: WebhookSetting, values: readonly string[]): void => {
    for (const value of values) {
      const problem = setting.check?.(value, nameOf(setting));
      if (problem) problems.push(problem);
    }
  };
  for (const setting of settings) {
    if (setting.kind === 'list') {
      const values = ((given[setting.option] ?? []) as readonly string[]).map((value) => value.trim()).filter((value) => value.length > 0);
      resolved[setting.option] = values;
      check(setting, values);
    } else {
      const value = (given[setting.option] as string | undefined)?.trim() || null;
      resolved[setting.option] = value;
      if (value !== null) check(setting, [value]);
    }
  }
  return { resolved: resolved as ResolvedWebhookSettings<Settings>, problems };
}

/** What `WebhookSettings` knows of a provider: its name, how messages call it, its settings. */
export interface WebhookProviderSettings {
  readonly name: WebhookProvider;
  readonly displayName: string;
  readonly settings: WebhookSettingList;
}

/**
 * The providers' settings as configured, for their webhooks, and whether each webhook is
 * configured: one whose required setting is unset refuses every request.
 */
export class WebhookSettings {
  private readonly providers: ReadonlyMap<WebhookProvider, WebhookProviderSettings>;
  private readonly values: ReadonlyMap<WebhookProvider, AnyResolvedSettings>;

  /** `resolved`: each provider's settings as `resolveWebhookSettings` gives them; a provider or a setting left out is unset. */
  constructor(providers: readonly WebhookProviderSettings[], resolved: { readonly [Name in WebhookProvider]?: AnyResolvedSettings }) {
    this.providers = new Map(providers.map((provider) => [provider.name, provider]));
    this.values = new Map(
      providers.map(({ name, settings }) => [name, { ...resolveWebhookSettings(settings, undefined, () => name).resolved, ...resolved[name] }]),
    );
  }

  /** A provider's settings, by the list that declares them (its `<provider>-webhook.settings.ts`). */
  of<Settings extends WebhookSettingList>(settings: Settings): ResolvedWebhookSettings<Settings> {
    const provider = [...this.providers.values()].find((candidate) => candidate.settings === settings);
    if (provider === undefined) throw new Error(`No webhook provider is registered with the settings ${settings.map(({ option }) => option).join(', ')}`);
    return this.values.get(provider.name) as ResolvedWebhookSettings<Settings>;
  }

  /** Whether the provider's required setting is made (its webhook refuses everything until it is). */
  isConfigured(name: WebhookProvider): boolean {
    const value = this.values.get(name)?.[this.requiredSetting(name).option];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  }

  /** Fails closed (503 `NOT_CONFIGURED`), naming the variable, while the provider's required setting is not made. */
  assertConfigured(name: WebhookProvider): void {
    if (!this.isConfigured(name)) throw new WebhookNotConfiguredError(this.provider(name).displayName, this.requiredSetting(name).variable);
  }

  private provider(name: WebhookProvider): WebhookProviderSettings {
    const provider = this.providers.get(name);
    if (provider === undefined) throw new Error(`No webhook provider is registered as ${name}`);
    return provider;
  }

  private requiredSetting(name: WebhookProvider): WebhookSetting {
    const required = this.provider(name).settings.filter((setting) => setting.required);
    if (required.length !== 1) throw new Error(`The ${name} webhook must have exactly one required setting, not ${required.length}`);
    return required[0];
  }
}
