#!/usr/bin/env bash
# Installs Debian's redis-server, the Redis that the tests of state shared through REDIS_URL start
# (each test file its own instance, on a port of its own; test/support/redis-server.ts). Quiet and
# idempotent: does nothing when redis-server is there. Starts no system Redis.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then exit 0; fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Redis is not installed. The tests of the rate limit shared through REDIS_URL need it: sudo apt-get install redis-server" >&2
  echo "(Debian, Ubuntu), or your system's Redis 6 or later." >&2
  exit 1
fi

echo "Installing redis-server: the shared rate limit's tests run against a real Redis"
# Keep the package from starting a system Redis on port 6379: the tests start their own.
added_policy=false
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  added_policy=true
fi
trap '[ "$added_policy" = true ] && rm -f /usr/sbin/policy-rc.d' EXIT

export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 redis-server >/dev/null; }
install || { apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null && install; }
