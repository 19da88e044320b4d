import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from '../../src/system/processes';
import { testServerBinary } from './test-server-binary';

/** A private Dovecot IMAP server with one user, for one test file. */
export interface TestImapServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** `imap://user:password@127.0.0.1:port/<pathAndQuery>`. */
  url(pathAndQuery?: string): string;
  /** A connected client of the user's, for the test's own appends and looks; logged out by `stop()`. */
  client(): Promise<ImapFlow>;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

const USER = 'bounces';
const PASSWORD = 'mailpass-test-password';

/**
 * Starts Dovecot (Debian's dovecot-imapd, installed by `.ci/run`, or here when missing and we may)
 * with a configuration of its own in a temporary folder: plain-text login on 127.0.0.1 and a free
 * port, a Maildir there, its sockets and log there. Each test file (each jest worker) starts its
 * own; nothing is shared with a system Dovecot.
 */
export async function startImapServer(): Promise<TestImapServer> {
  const dovecot = dovecotBinary();
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    try {
      return await startDovecot(dovecot, port);
    } catch (error) {
      // Another process may have taken the port between our look and Dovecot's bind.
      if (attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

async function startDovecot(dovecot: string, port: number): Promise<TestImapServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailpass-imap-'));
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(dir, 'passwd'), `${USER}:{PLAIN}${PASSWORD}::::::\n`);
  const users = processUsers();
  if (users.mail !== null) {
    // Dovecot keeps mail as an unprivileged user: it must reach the folder and own the home.
    fs.chmodSync(dir, 0o755);
    fs.chownSync(home, users.mail.uid, users.mail.gid);
  }
  const config = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(config, configuration(dir, port, users));
  const log = path.join(dir, 'dovecot.log');
  const child = spawn(dovecot, ['-F', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const clients: ImapFlow[] = [];
  const stop = async () => {
    await Promise.all(clients.splice(0).map((client) => client.logout().catch(() => client.close())));
    await stopped(child);
    process.removeListener('exit', killOnExit);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await greeted(port, child, () => `${stderr}${fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : ''}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    url: (pathAndQuery = '') => `imap://${USER}:${PASSWORD}@127.0.0.1:${port}/${pathAndQuery}`,
    client: async () => {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
    stop,
  };
}

interface ProcessUsers {
  /** Who runs the login and internal processes, by name. */
  readonly login: string;
  readonly internal: string;
  readonly internalGroup: string;
  /** Who owns the mail: Dovecot refuses root for it. Null: the user running the tests. */
  readonly mail: { readonly uid: number; readonly gid: number } | null;
}

/** As root, Dovecot's own users (made by its package); otherwise everything runs as us. */
function processUsers(): ProcessUsers {
  const me = os.userInfo();
  if (me.uid !== 0) return { login: me.username, internal: me.username, internalGroup: currentGroupName(), mail: null };
  const id = (flag: string, user: string) => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
  return { login: 'dovenull', internal: 'dovecot', internalGroup: 'dovecot', mail: { uid: id('-u', 'dovecot'), gid: id('-g', 'dovecot') } };
}

function currentGroupName(): string {
  return spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim() || String(os.userInfo().gid);
}

function configuration(dir: string, port: number, users: ProcessUsers): string {
  const me = os.userInfo();
  const mail = users.mail ?? { uid: me.uid, gid: me.gid };
  const asRoot = users.mail !== null;
  return `# A private Dovecot for one test file.
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = ${path.basename(dir)}
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = ${users.login}
default_internal_user = ${users.internal}
default_internal_group = ${users.internalGroup}
first_valid_uid = 1
first_valid_gid = 0
mail_location = maildir:${dir}/home/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mail.uid} gid=${mail.gid} home=${dir}/home
}
protocol imap {
  mail_max_userip_connections = 100
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
${asRoot ? '' : '  chroot =\n'}}
${asRoot ? '' : 'service anvil {\n  chroot =\n}\n'}`;
}

function dovecotBinary(): string {
  return testServerBinary({
    package: 'dovecot-imapd',
    candidates: ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'],
    command: 'dovecot',
    neededBy: "The mailbox poller's tests",
  });
}

/** Resolves once the server greets on `port`; rejects with its log when it exits or does not within 20 s. */
async function greeted(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Dovecot exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    if (await greets(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Dovecot did not greet on port ${port} within 20 s:\n${log()}`);
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('* OK')));
  });
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
