import * as net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a server (the test database), which a test can take
 * down and bring back on the same port: the app's view of a database that stops and returns.
 *
 * `stop()` destroys every connection (both sides) and closes the listening socket, so that new
 * connections are refused; `start()` listens again on the same port. `pause()` stops forwarding
 * (a stalled network or server: connections stay open, nothing gets through) until `stop()`; what
 * is sent meanwhile is read and dropped, so that `stop()` then ends connections with a FIN, as a
 * server process that exits does, rather than a reset for unread bytes.
 *
 * `hold()` is a database that stalls and then recovers: connections, open or new, stay open and
 * nothing is forwarded either way (what is sent waits, unread), until `release()` forwards it all
 * and forwarding resumes, as if the server had answered late.
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly clients = new Set<net.Socket>();
  private listeningPort = 0;
  private accepted = 0;
  private paused = false;
  private holding = false;
  /** Each client connection and its connection to the target. */
  private readonly pairs = new Set<readonly [net.Socket, net.Socket]>();

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A running proxy in front of the database server of `databaseUrl`, and the URL of the same database through it. */
  static async inFrontOfDatabase(databaseUrl: string): Promise<{ readonly proxy: TcpProxy; readonly url: string }> {
    const target = new URL(databaseUrl);
    const proxy = await TcpProxy.open(target.hostname, Number(target.port || 5432));
    const proxied = new URL(databaseUrl);
    proxied.port = String(proxy.port);
    return { proxy, url: proxied.toString() };
  }

  /** A running proxy to `targetHost:targetPort`, on a port of its own (or the one given). */
  static async open(targetHost: string, targetPort: number, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    proxy.listeningPort = port;
    await proxy.start();
    return proxy;
  }

  get port(): number {
    return this.listeningPort;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Connections accepted since the proxy was opened. */
  get connectionsAccepted(): number {
    return this.accepted;
  }

  /** Client connections open right now. */
  get openConnections(): number {
    return this.clients.size;
  }

  /** Listens (again) on the proxy's port. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listeningPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.listeningPort = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops forwarding on every connection, open or new, until `stop()`. */
  pause(): void {
    this.paused = true;
    for (const socket of this.sockets) {
      socket.unpipe();
      socket.on('data', drop);
    }
  }

  /** Forwards nothing on any connection, open or new, and keeps them open, until `release()`. */
  hold(): void {
    this.holding = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** Forwards what was held back, and from then on; does nothing unless held. */
  release(): void {
    if (!this.holding) return;
    this.holding = false;
    for (const [client, upstream] of this.pairs) {
      client.pipe(upstream);
      upstream.pipe(client);
    }
  }

  /** Cuts every connection and refuses new ones until `start()`. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.paused = false;
    this.holding = false;
    for (const socket of this.sockets) socket.destroy();
    this.pairs.clear();
    this.sockets.clear();
    this.clients.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(client: net.Socket): void {
    this.accepted += 1;
    this.clients.add(client);
    client.on('close', () => this.clients.delete(client));
    const upstream = net.connect({ host: this.targetHost, port: this.targetPort });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => this.sockets.delete(socket));
      // A reset on one side ends the other; errors are the point of this proxy, not failures.
      socket.on('error', () => undefined);
    }
    const pair = [client, upstream] as const;
    this.pairs.add(pair);
    client.on('close', () => this.pairs.delete(pair));
    if (this.paused) {
      client.on('data', drop);
    } else if (this.holding) {
      client.pause();
      upstream.pause();
    } else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}

const drop = (): void => undefined;
