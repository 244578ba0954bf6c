#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the store's tests: installs the Debian package when
# missing, makes a cluster in a new temporary folder, starts it on a free port of 127.0.0.1
# (trust authentication, loopback only), creates the database `lessons` and prints its URL.
#
#   source .ci/postgres.sh        # sets LESSONS_TEST_POSTGRES_URL; stops the server on EXIT
#   bash .ci/postgres.sh start    # prints the URL and leaves the server running (local use);
#   bash .ci/postgres.sh stop DIR # stops a server started that way
#
# Sourced, it installs an EXIT trap (chained after the caller's) so the server stops and its
# folder goes on every exit path: success, a failed test under `set -e`, or Ctrl-C.
set -euo pipefail
pg_bin=/usr/lib/postgresql/15/bin

pg_install() {
    if [ ! -x "$pg_bin/initdb" ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
}

# A free TCP port on the loopback, found by binding port 0.
pg_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# initdb refuses to run as root: the cluster belongs to the `postgres` user then.
pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

pg_stop() {
    local dir="$1"
    if [ -d "$dir/data" ]; then
        pg_as_owner "'$pg_bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

# Starts a server; sets pg_dir and LESSONS_TEST_POSTGRES_URL.
pg_start() {
    pg_install
    pg_dir="$(mktemp -d /tmp/lessons-pg.XXXXXX)"
    chmod 755 "$pg_dir"
    [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
    local port user
    port="$(pg_free_port)"
    user=lessons
    pg_as_owner "'$pg_bin/initdb' -D '$pg_dir/data' -U $user --auth=trust -E UTF8 --no-sync" >"$pg_dir/initdb.log" 2>&1 \
        || { cat "$pg_dir/initdb.log" >&2; return 1; }
    # Thirty learners' processes connect at once in the load test, with room to spare.
    pg_as_owner "'$pg_bin/pg_ctl' -D '$pg_dir/data' -l '$pg_dir/server.log' -w \
        -o \"-c listen_addresses=127.0.0.1 -p $port -k '$pg_dir' -c max_connections=200 -c fsync=off\" start" >/dev/null \
        || { cat "$pg_dir/server.log" >&2; return 1; }
    "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" lessons
    LESSONS_TEST_POSTGRES_URL="postgres://$user@127.0.0.1:$port/lessons"
    export LESSONS_TEST_POSTGRES_URL
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    pg_start
    # Chained after whatever EXIT trap the caller had.
    pg_previous_trap="$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")"
    trap "pg_stop '$pg_dir'; $pg_previous_trap" EXIT
    trap 'exit 130' INT TERM
    echo "PostgreSQL for the tests: $LESSONS_TEST_POSTGRES_URL" >&2
else
    case "${1:-start}" in
        start) pg_start; echo "$LESSONS_TEST_POSTGRES_URL $pg_dir" ;;
        stop) pg_stop "${2:?usage: postgres.sh stop DIR}" ;;
        *) echo "usage: bash .ci/postgres.sh [start | stop DIR]" >&2; exit 2 ;;
    esac
fi
