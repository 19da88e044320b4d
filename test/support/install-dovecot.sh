#!/usr/bin/env bash
# Installs Debian's dovecot-imapd, the IMAP server the mailbox poller's integration tests start
# (each test file its own instance, on a port of its own; test/support/imap-server.ts). Quiet and
# idempotent: does nothing when Dovecot is there. Starts no system Dovecot.
set -euo pipefail

if command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; then exit 0; fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Dovecot is not installed. The mailbox poller's tests need it: sudo apt-get install dovecot-imapd (Debian, Ubuntu)," >&2
  echo "or your system's Dovecot 2.3 package." >&2
  exit 1
fi

echo "Installing dovecot-imapd: the mailbox poller's tests run against a real IMAP server"
# Keep the package from starting a system Dovecot on port 143: the tests start their own.
added_policy=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  added_policy=true
fi
trap '[ "$added_policy" = true ] && rm -f /usr/sbin/policy-rc.d' EXIT

export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 dovecot-imapd >/dev/null; }
install || { apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null && install; }
