#!/usr/bin/env bash
# Run the test suite against a throwaway PostgreSQL cluster.
#
#   scripts/test_postgres.sh [pytest args...]
#
# Starts a private cluster from the machine's PostgreSQL binaries in a temp dir, listening only on
# 127.0.0.1 at a free port (trust auth, fsync off), runs pytest with DATABASE_URL pointing at it,
# and stops and deletes the cluster on exit, whether the tests pass or fail.
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user (or `nobody`).
# No PostgreSQL on the machine: a loud SKIPPED line and exit 0 -- unless CI=true, then exit 1.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTEST=${PYTEST:-.venv/bin/pytest}

find_bindir() {
    local dir
    if [[ -n "${PG_BINDIR:-}" ]]; then
        # An explicit choice is final (PG_BINDIR=/nonexistent exercises the skip path).
        [[ -x "$PG_BINDIR/initdb" && -x "$PG_BINDIR/pg_ctl" ]] && echo "$PG_BINDIR"
        return
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    fi
    # Debian/Ubuntu keep the server binaries off PATH, one directory per major version.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1; then
        dir=$(dirname "$(readlink -f "$(command -v initdb)")")
        if [[ -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    fi
    return 1
}

if ! BINDIR=$(find_bindir); then
    echo "=================================================================="
    echo "SKIPPED: PostgreSQL leg (no initdb found)"
    echo "  install the server (Debian: apt-get install postgresql) to run it"
    echo "=================================================================="
    if [[ "${CI:-}" == "true" ]]; then
        echo "CI=true: a missing PostgreSQL is a failure" >&2
        exit 1
    fi
    exit 0
fi

# Who runs the server: ourselves, unless we are root (initdb and postgres refuse root).
as_pg() { "$@"; }
PG_USER=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
    if id -u postgres >/dev/null 2>&1; then
        PG_USER=postgres
    else
        PG_USER=nobody
    fi
    if command -v runuser >/dev/null 2>&1; then
        as_pg() { runuser -u "$PG_USER" -- "$@"; }
    else
        as_pg() { su -s /bin/sh "$PG_USER" -c "$(printf '%q ' "$@")"; }
    fi
fi

# As root the server user must reach the directory: keep it directly under /tmp, not $TMPDIR
# (which may sit inside root's home).
if [[ $(id -u) -eq 0 ]]; then
    TMP=$(mktemp -d /tmp/qualift-pg.XXXXXX)
else
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/qualift-pg.XXXXXX")
fi
DATA="$TMP/data"
LOG="$TMP/server.log"
STARTED=0

cleanup() {
    local status=$?
    if [[ $STARTED -eq 1 ]]; then
        as_pg "$BINDIR/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TMP"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 700 "$TMP"
if [[ $(id -u) -eq 0 ]]; then
    chown "$PG_USER" "$TMP"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "PostgreSQL leg: $("$BINDIR/postgres" --version) from $BINDIR, running as $PG_USER, in $TMP"
as_pg "$BINDIR/initdb" -D "$DATA" -U qualift --auth=trust --encoding=UTF8 --no-locale --no-sync \
    >"$TMP/initdb.log" 2>&1 || {
    cat "$TMP/initdb.log" >&2
    echo "initdb failed" >&2
    exit 1
}

# A port can be taken between choosing and binding it: try a few.
for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    # fsync and friends off: the cluster is thrown away, durability buys nothing here.
    if as_pg "$BINDIR/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o "-c listen_addresses=127.0.0.1 \
-c port=$PORT -c unix_socket_directories=$TMP -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=50" start >/dev/null; then
        STARTED=1
        break
    fi
    echo "could not start PostgreSQL on port $PORT (attempt $attempt):" >&2
    tail -n 5 "$LOG" >&2 || true
done
if [[ $STARTED -ne 1 ]]; then
    echo "PostgreSQL did not start" >&2
    exit 1
fi

"$BINDIR/createdb" -h 127.0.0.1 -p "$PORT" -U qualift qualift

export DATABASE_URL="postgres://qualift@127.0.0.1:$PORT/qualift"
echo "DATABASE_URL=$DATABASE_URL"
set +e
"$PYTEST" "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
    echo "PostgreSQL leg: pytest collected no tests (exit 5) -- treated as a failure" >&2
fi
exit "$status"
