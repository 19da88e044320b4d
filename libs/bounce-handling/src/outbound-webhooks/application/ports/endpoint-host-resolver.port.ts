/** The addresses a host name resolves to (all of them, IPv4 and IPv6): none when it does not resolve. */
export abstract class EndpointHostResolver {
  abstract addressesOf(host: string): Promise<readonly string[]>;
}
