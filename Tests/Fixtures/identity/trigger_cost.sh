#!/usr/bin/env bash
# What the PostgreSQL store's identity checks cost a write: 20,000 journal-mirror rows inserted in one loop, as an
# agent's role (checked), as the store's owner (who administers), and with the check disabled, three rounds.
# Usage: .ci/with-postgres Tests/Fixtures/identity/trigger_cost.sh [TANGGAP_BINARY]
set -euo pipefail
binary="${1:-.build/debug/tanggap}"
server="${TANGGAP_TEST_POSTGRES:?run it through .ci/with-postgres}"
database="identity_cost_$$"
psql -q "$server" -c "CREATE DATABASE $database"
owner="${server%/*}/$database"
agent="$(echo "$owner" | sed -E 's#//[^@/]+@#//identity_cost_agent@#')"
state="$(mktemp -d)"
XDG_STATE_HOME="$state" "$binary" agents list --store "$owner" >/dev/null
psql -q "$owner" -c "DO \$\$ BEGIN CREATE ROLE identity_cost_agent LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END \$\$"
insert() {
    psql -q "$1" -At <<SQL | tail -1
\timing on
DO \$\$ BEGIN
  FOR i IN 1..20000 LOOP
    INSERT INTO event (id, journal, prev_hash, hash, at, agent, host, action, payload, outcome)
    VALUES ('$2-' || i, 'j', '', '', i, current_user, 'h', 'note', '{}', 'applied');
  END LOOP;
END \$\$;
SQL
}
for round in 1 2 3; do
    echo "round $round: agent's role $(insert "$agent" "a$round"); owner $(insert "$owner" "o$round");" \
        "check disabled $(psql -q "$owner" -c 'ALTER TABLE event DISABLE TRIGGER event_identity' &&
            insert "$owner" "n$round"; psql -q "$owner" -c 'ALTER TABLE event ENABLE TRIGGER event_identity')"
done
rm -rf "$state"
