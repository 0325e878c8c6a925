#!/usr/bin/env bash
# Runs CMD with a throwaway PostgreSQL cluster (contract section 7): initdb in a temporary
# folder, the server on a Unix socket in that folder only (no TCP), as an unprivileged user
# even when called as root; exports UNKNOT_CLINIC_DB (a libpq connection string) for CMD,
# then stops and removes the cluster and exits with CMD's status.
#   scripts/with-postgres.sh ctest --preset release -L clinic
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

work=$(mktemp -d /tmp/unknot-pg.XXXXXX)
chmod 0755 "$work"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  # PostgreSQL refuses to run as root: use the postgres account the server package creates.
  chown postgres: "$work"
  as_user=(runuser -u postgres --)
fi

cleanup() {
  "${as_user[@]}" "$bindir/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"${as_user[@]}" "$bindir/initdb" -D "$work/data" -A trust -U unknot --no-sync -E UTF8 >"$work/initdb.log" 2>&1 || {
  cat "$work/initdb.log" >&2
  exit 1
}
"${as_user[@]}" "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-c listen_addresses='' -k $work -c fsync=off -c max_connections=200" start >/dev/null || {
  cat "$work/server.log" >&2
  exit 1
}
"${as_user[@]}" "$bindir/createdb" -h "$work" -U unknot unknot

export UNKNOT_CLINIC_DB="host=$work dbname=unknot user=unknot"
set +e
"$@"
status=$?
set -e
exit $status
