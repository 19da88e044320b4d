import { lookup } from 'node:dns/promises';
import { Injectable } from '@nestjs/common';
import { EndpointHostResolver } from '../../application/ports/endpoint-host-resolver.port';

/** DNS codes that mean the name has no address (rather than that the resolver failed). */
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'EAI_NONAME', 'EAI_NODATA']);

/** The system resolver (`getaddrinfo`, as an HTTP client would connect): every address, IPv4 and IPv6. */
@Injectable()
export class DnsEndpointHostResolver extends EndpointHostResolver {
  async addressesOf(host: string): Promise<readonly string[]> {
    try {
      return (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch (error) {
      if (NO_ADDRESS.has((error as { code?: string }).code ?? '')) return [];
      throw error;
    }
  }
}
