import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const INSTALL_SCRIPT = path.join(__dirname, 'install-test-server.sh');

export interface TestServerPackage {
  /** The Debian package that brings it. */
  readonly package: string;
  /** Where its binary usually is; the first one found is taken, then `command` on the PATH. */
  readonly candidates: readonly string[];
  readonly command: string;
  /** What needs it, for the message when it is missing: "The mailbox poller's tests". */
  readonly neededBy: string;
}

/**
 * The binary of a server that tests start themselves (Dovecot, Redis): found where it usually
 * is, else installed by `install-test-server.sh` (as `.ci/run` does) when this process may, else
 * an error that says what to install.
 */
export function testServerBinary(server: TestServerPackage): string {
  const found = () => server.candidates.find((candidate) => fs.existsSync(candidate)) ?? onPath(server.command);
  let binary = found();
  if (binary === null) {
    const install = spawnSync('bash', [INSTALL_SCRIPT, server.package, server.candidates[0]], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
    binary = found();
    if (install.status !== 0 || binary === null) {
      throw new Error(
        `${server.neededBy} need ${server.command} (Debian: apt-get install ${server.package}) and it could not be installed:\n${install.stderr}`,
      );
    }
  }
  return binary;
}

function onPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir !== '' && fs.existsSync(candidate)) return candidate;
  }
  return null;
}
