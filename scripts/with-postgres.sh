#!/usr/bin/env bash
# Runs CMD with a throwaway PostgreSQL cluster (contract section 7): initdb in a temporary
# folder, the server on a Unix socket in that folder only (no TCP), as an unprivileged user
# even when called as root; exports UNKNOT_CLINIC_DB (a libpq connection string) for CMD,
# then stops and removes the cluster and exits with CMD's status.
#   scripts/with-postgres.sh ctest --preset release -L clinic
# With UNKNOT_PG_KEEP=DIR the cluster lives in DIR instead and is kept when CMD ends (stopped,
# not removed); a later run with the same DIR starts it again with its data (a bench's
# generated clinic, reused). UNKNOT_PG_OPTIONS adds server settings ("-c name=value ...").
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh CMD [ARGS...]" >&2
  exit 2
fi

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bindir=$candidate
done
if [ -z "$bindir" ]; then
  echo "with-postgres: PostgreSQL's server is not installed (Debian: postgresql-15); run scripts/install-deps.sh test" >&2
  exit 1
fi

keep=${UNKNOT_PG_KEEP:-}
if [ -n "$keep" ]; then
  mkdir -p "$keep"
  work=$(realpath "$keep")
else
  work=$(mktemp -d /tmp/unknot-pg.XXXXXX)
fi
chmod 0755 "$work"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: use the postgres account the server package creates.
  chown postgres: "$work"
  as_user=(runuser -u postgres --)
fi

cleanup() {
  if [ -n "$keep" ]; then
    "${as_user[@]}" "$bindir/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1 || true
  else
    "${as_user[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

fresh=true
[ -n "$keep" ] && [ -f "$work/data/PG_VERSION" ] && fresh=false
if $fresh; then
  "${as_user[@]}" "$bindir/initdb" -D "$work/data" -A trust -U unknot --no-sync -E UTF8 >"$work/initdb.log" 2>&1 || {
    cat "$work/initdb.log" >&2
    exit 1
  }
fi
"${as_user[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-c listen_addresses='' -k $work -c fsync=off -c max_connections=200 ${UNKNOT_PG_OPTIONS:-}" start >/dev/null || {
  cat "$work/server.log" >&2
  exit 1
}
if $fresh; then
  "${as_user[@]}" "$bindir/createdb" -h "$work" -U unknot unknot
fi

export UNKNOT_CLINIC_DB="host=$work dbname=unknot user=unknot"
set +e
"$@"
status=$?
set -e
exit $status
