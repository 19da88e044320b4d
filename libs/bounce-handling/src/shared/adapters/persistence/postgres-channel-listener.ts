import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

export interface ChannelListenerSettings {
  /** The wait before connecting again after the connection was lost or could not be made. */
  readonly reconnectMs: number;
  /** How often the connection is asked a `select 1`, to find a connection that died silently. */
  readonly probeMs: number;
  /** An answer to the probe later than this counts as a lost connection. */
  readonly probeTimeoutMs: number;
}

export const DEFAULT_CHANNEL_LISTENER_SETTINGS: ChannelListenerSettings = { reconnectMs: 1_000, probeMs: 5_000, probeTimeoutMs: 2_000 };

/**
 * `LISTEN`s on one PostgreSQL notification channel over a connection of its own (notifications
 * come only to the session that listens, so never a pooled one).
 *
 * `listening` is true only while the `LISTEN` is known to be in place: from its answer until the
 * connection fails, ends, or does not answer a probe in time. What trusts the channel (a cache
 * that forgets on a notification) must not trust it while `listening` is false: notifications
 * sent meanwhile are lost. `onChange` is called on every notification, with its payload, and
 * with null when listening starts (again), since what changed meanwhile was not told.
 */
export class PostgresChannelListener {
  private readonly logger = new Logger('PostgresChannelListener');
  private client: Client | null = null;
  private state: 'stopped' | 'connecting' | 'listening' | 'waiting' = 'stopped';
  private retry: NodeJS.Timeout | null = null;
  private probe: NodeJS.Timeout | null = null;
  private warned = false;

  constructor(
    private readonly connection: () => ClientConfig,
    private readonly channel: string,
    private readonly onChange: (payload: string | null) => void,
    private readonly settings: ChannelListenerSettings = DEFAULT_CHANNEL_LISTENER_SETTINGS,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a plain channel name: ${channel}`);
  }

  get listening(): boolean {
    return this.state === 'listening';
  }

  /** Connects and listens; resolves once listening, or once the first attempt failed (it is retried then). */
  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.retry !== null) clearTimeout(this.retry);
    if (this.probe !== null) clearInterval(this.probe);
    this.retry = this.probe = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.state = 'connecting';
    const client = new Client(this.connection());
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === this.channel && this.client === client) this.onChange(message.payload ?? '');
    });
    client.on('error', (error) => this.lost(client, error.message));
    client.on('end', () => this.lost(client, 'the connection ended'));
    try {
      await client.connect();
      await client.query(`listen "${this.channel}"`);
    } catch (error) {
      this.lost(client, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.client !== client) return;
    this.state = 'listening';
    if (this.warned) this.logger.log(`Listening on "${this.channel}" again`);
    this.warned = false;
    // Whatever changed while nobody listened was not told.
    this.onChange(null);
    this.probe = setInterval(() => void this.probeConnection(client), this.settings.probeMs);
    this.probe.unref();
  }

  private async probeConnection(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.settings.probeTimeoutMs} ms`)), this.settings.probeTimeoutMs);
    });
    try {
      await Promise.race([client.query('select 1'), late]);
    } catch (error) {
      this.lost(client, error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  /** The connection of `client` is given up (once), and another is tried after a while. */
  private lost(client: Client, reason: string): void {
    if (this.client !== client || this.state === 'stopped') return;
    this.client = null;
    this.state = 'waiting';
    if (this.probe !== null) clearInterval(this.probe);
    this.probe = null;
    client.end().catch(() => undefined);
    if (!this.warned) this.logger.warn(`Not listening on "${this.channel}" (${reason}); connecting again every ${this.settings.reconnectMs} ms`);
    this.warned = true;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.state === 'waiting') void this.connect();
    }, this.settings.reconnectMs);
    this.retry.unref();
  }
}
