#!/usr/bin/env bash
# Installs a Debian package of a server that tests start themselves (each test file its own
# instance, on a port of its own): `dovecot-imapd` for the mailbox poller's tests
# (test/support/imap-server.ts), `redis-server` for the state shared through REDIS_URL
# (test/support/redis-server.ts). Quiet and idempotent: does nothing when BINARY is there. Starts
# no system server: the package's own start is held back while it installs.
#
#   bash test/support/install-test-server.sh PACKAGE BINARY
set -euo pipefail

package="${1:?usage: install-test-server.sh PACKAGE BINARY}"
binary="${2:?usage: install-test-server.sh PACKAGE BINARY}"

if command -v "$(basename "$binary")" >/dev/null 2>&1 || [ -x "$binary" ]; then exit 0; fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "$(basename "$binary") is not installed, and the tests need it: sudo apt-get install $package (Debian, Ubuntu)," >&2
  echo "or your system's package of it." >&2
  exit 1
fi

echo "Installing $package: tests run against a real $(basename "$binary") of their own"
added_policy=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  added_policy=true
fi
trap '[ "$added_policy" = true ] && rm -f /usr/sbin/policy-rc.d' EXIT

export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "$package" >/dev/null; }
install || { apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null && install; }
