#!/bin/bash
# One database and one role per service (county, township, station): each holds that service's event
# store (the source of truth) and its read models. The postgres image runs it once on an empty data
# directory (/docker-entrypoint-initdb.d); for a county on a shared server run it with DB_PREFIX (e.g.
# r410327_) and PGHOST/PGPASSWORD set. CREATEDB lets `renda replay --compare/--as-of` create and drop
# its scratch database `<db>_replay` beside the live one.
set -euo pipefail
for service in county township station; do
  var="POSTGRES_${service^^}_PASSWORD"
  password="${!var:?$var is required}"
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v role="renda_${DB_PREFIX:-}$service" -v password="$password" -v db="${DB_PREFIX:-}$service" <<'SQL'
CREATE ROLE :"role" LOGIN CREATEDB PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
