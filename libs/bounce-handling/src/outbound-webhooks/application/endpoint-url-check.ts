import { Injectable } from '@nestjs/common';
import { checkEndpointUrl, checkResolvedAddresses, type EndpointUrlRules } from '../domain/endpoint-url';
import { InvalidEndpointUrlError } from '../domain/webhook-endpoint';
import { EndpointHostResolver } from './ports/endpoint-host-resolver.port';

/** The rules of endpoint URLs as the module's options set them (`outboundWebhooksAllowInsecure`). */
export class EndpointUrlPolicy implements EndpointUrlRules {
  constructor(readonly allowInsecure: boolean) {}
}

/** A URL that passed the check, and the addresses its host resolved to then (connect to one of these, not to a new resolution). */
export interface CheckedEndpointUrl {
  readonly url: string;
  readonly host: string;
  readonly addresses: readonly string[];
}

/**
 * Whether events may be sent to a URL: its form (`checkEndpointUrl`), then every address its host
 * resolves to (`checkResolvedAddresses`). Run at registration, and again before each send, since
 * a name may resolve elsewhere later. Throws `InvalidEndpointUrlError` naming the rule.
 */
@Injectable()
export class EndpointUrlCheck {
  constructor(
    private readonly resolver: EndpointHostResolver,
    private readonly policy: EndpointUrlPolicy,
  ) {}

  async check(raw: string): Promise<CheckedEndpointUrl> {
    const form = checkEndpointUrl(raw, this.policy);
    if (!form.ok) throw new InvalidEndpointUrlError(form.problem, form.message);
    const addresses = form.address !== null ? [form.address] : await this.resolver.addressesOf(form.host);
    const resolved = checkResolvedAddresses(form.host, addresses, this.policy);
    if (!resolved.ok) throw new InvalidEndpointUrlError(resolved.problem, resolved.message);
    return { url: form.url, host: form.host, addresses };
  }
}
