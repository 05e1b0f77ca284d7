#!/usr/bin/env bash
# Load benchmark of the HTTP API: builds the web app in Release, starts it in Production mode on PostgreSQL with a
# generated data set (100,000 members by default, seeded once into a database of its own and kept for later runs),
# drives the main reads and two write paths (a Community Supports referral, an ECM case) with wrk, and writes
# bench/results/load.md.
#
#   bench/load/run.sh                      # PostgreSQL at Host=127.0.0.1;Port=56000;Username=postgres
#   CAREHUB_LOAD_POSTGRES="Host=...;Username=...;Password=..." CAREHUB_LOAD_MEMBERS=100000 bench/load/run.sh
#
# Options (environment): CAREHUB_LOAD_POSTGRES (server, without Database), CAREHUB_LOAD_DATABASE (carehub_load),
# CAREHUB_LOAD_MEMBERS (100000), CAREHUB_LOAD_PORT (5191), CAREHUB_LOAD_DURATION (15s), CAREHUB_LOAD_THREADS (2),
# CAREHUB_LOAD_CONNECTIONS (16), CAREHUB_LOAD_WARMUP (rounds of 5 s over every read before measuring, 3),
# CAREHUB_LOAD_FRESH=1 (drop and reseed the database), CAREHUB_LOAD_NOTE (what else ran).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
server="${CAREHUB_LOAD_POSTGRES:-Host=127.0.0.1;Port=56000;Username=postgres}"
database="${CAREHUB_LOAD_DATABASE:-carehub_load}"
members="${CAREHUB_LOAD_MEMBERS:-100000}"
port="${CAREHUB_LOAD_PORT:-5191}"
duration="${CAREHUB_LOAD_DURATION:-15s}"
threads="${CAREHUB_LOAD_THREADS:-2}"
connections="${CAREHUB_LOAD_CONNECTIONS:-16}"
warmup="${CAREHUB_LOAD_WARMUP:-3}"
output="${CAREHUB_LOAD_OUTPUT:-$root/bench/results/load.md}"
work="$root/bench/results/tmp/load"
base="http://127.0.0.1:$port"
mkdir -p "$work"

if ! command -v wrk >/dev/null; then
  echo "Installing wrk"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y wrk >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
fi

# psql reads the server from the connection string's parts.
part() { tr ';' '\n' <<<"$server" | awk -F= -v k="$1" 'tolower($1)==tolower(k) {print $2}'; }
export PGHOST="$(part Host)" PGPORT="$(part Port)" PGUSER="$(part Username)" PGPASSWORD="$(part Password)"
export PGPORT="${PGPORT:-5432}"
audit_baseline="$work/audit-baseline-$database"
if [ "${CAREHUB_LOAD_FRESH:-0}" = 1 ]; then
  psql -d postgres -qc "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)"
  rm -f "$audit_baseline"
fi

echo "Building the web app (Release)"
dotnet publish "$root/src/CareHub.Web" -c Release -o "$work/app" --nologo -v quiet >/dev/null

# A throwaway certificate encrypts the data-protection keys (required in Production); it is kept with the database.
if [ ! -f "$work/keys.pfx" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 30 -subj "/CN=carehub-load" 2>/dev/null
  openssl pkcs12 -export -out "$work/keys.pfx" -inkey "$work/key.pem" -in "$work/cert.pem" -passout pass:load
fi

echo "Starting the app in Production on PostgreSQL database $database ($members members; the first start seeds them)"
(
  cd "$work/app"
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" \
  ConnectionStrings__Postgres="$server;Database=$database" \
  CareHub__DataProtection__Certificate="$work/keys.pfx" CareHub__DataProtection__CertificatePassword=load \
  CareHub__Demo__Enabled=true CareHub__Demo__Members="$members" \
  exec dotnet CareHub.Web.dll
) >"$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
started=$(date +%s)
until curl -fs "$base/health/ready" >/dev/null; do
  kill -0 $app 2>/dev/null || { tail -20 "$work/app.log"; echo "The app stopped" >&2; exit 1; }
  sleep 2
done
echo "Ready after $(( $(date +%s) - started )) s"

# Every read writes audit entries (the queue one per referral it shows), so a run adds tens of millions of them. Each
# run starts from the audit entries the data set was seeded with: the first run notes the last of them, and later runs
# remove what came after it, so that no run measures its inserts into an index the runs before it have grown.
[ -s "$audit_baseline" ] || psql -d "$database" -tAc 'SELECT coalesce(max("Id"), 0) FROM audit_entries' >"$audit_baseline"
removed_audits="$(psql -d "$database" -tAc "SELECT count(*) FROM audit_entries WHERE \"Id\" > $(cat "$audit_baseline")")"
psql -d "$database" -q <<SQL
BEGIN;
CREATE TEMP TABLE seeded_audit AS SELECT * FROM audit_entries WHERE "Id" <= $(cat "$audit_baseline");
TRUNCATE audit_entries;
INSERT INTO audit_entries SELECT * FROM seeded_audit;
COMMIT;
SQL

login() {
  curl -fs "$base/api/auth/login" -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"CareHub!demo1\"}" | jq -r .accessToken
}
plan_token="$(login plancm@example.org)"
cbo_token="$(login cbo@example.org)"
cbo_id="$(curl -fs "$base/api/me" -H "Authorization: Bearer $cbo_token" | jq -r .organizationId)"
name="$(curl -fs "$base/api/members?page=7" -H "Authorization: Bearer $plan_token" | jq -r '.items[0].lastName // .items[0].name' | awk '{print $NF}')"
prefix="${name:0:3}"
# The write path's referrals left unapproved (by this run, or by a run that stopped before removing them): the write
# path sends the same idempotency keys every run, so a leftover would come back as "created" and leave the queue.
drop_write_path_leftovers() {
  psql -d "$database" -tAc "WITH gone AS (DELETE FROM cs_referrals WHERE \"Status\" = 'Submitted'
    AND \"Reason\" LIKE 'Heart failure; two ED visits this year%' RETURNING 1) SELECT count(*) FROM gone"
}
drop_write_path_leftovers >/dev/null
# The authorization queue the reads measure: the demo data's, and 50 referrals of the plan's first members submitted
# with fixed idempotency keys, so every run finds the same ones again.
queue_fixture=50
curl -fs "$base/api/members?page=1&pageSize=$queue_fixture" -H "Authorization: Bearer $plan_token" | jq -r '.items[].id' |
  while read -r member; do
    curl -fs -o /dev/null "$base/api/referrals" -H "Authorization: Bearer $plan_token" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: load-queue-$member" \
      -d '{"memberId":"'"$member"'","communitySupportCode":"medically-tailored-meals","referrerKind":"plan-care-manager","reason":"Diabetes with two admissions this year; lives alone and cannot shop or cook.","needs":"Diabetic meals delivered to the home.","requestedStart":"2025-03-03","requestedEnd":"2025-03-30","requestedQuantity":56}' \
      || echo "The queue's referral for member $member was refused" >&2
  done
queued="$(curl -fs "$base/api/referrals/queue" -H "Authorization: Bearer $plan_token" | jq length)"

# Members for the write paths: members of the plan never referred (no referral, no ECM case) in random order, each
# referred once, cut in four: one part to warm each path up, one to measure it, none shared. (A member the referral
# path referred in an earlier run would come back with that referral at once: the same idempotency key.)
plan_id="$(curl -fs "$base/api/me" -H "Authorization: Bearer $plan_token" | jq -r .organizationId)"
psql -d "$database" -tAc "SELECT m.\"Id\" FROM members m WHERE m.\"PlanId\" = '$plan_id'
  AND NOT EXISTS (SELECT 1 FROM cs_referrals r WHERE r.\"MemberId\" = m.\"Id\")
  AND NOT EXISTS (SELECT 1 FROM ecm_cases c WHERE c.\"MemberId\" = m.\"Id\") ORDER BY random() LIMIT 28000" >"$work/members-all.txt"
fresh_members="$(wc -l <"$work/members-all.txt")"
[ "$fresh_members" -lt 28000 ] && echo "Only $fresh_members members never referred are left: the write paths may run out (CAREHUB_LOAD_FRESH=1 reseeds)" >&2
blocks() { # members in blocks of 200, from block $1 to block $2
  sed -n "$(( $1 * 200 + 1 )),$(( $2 * 200 ))p" "$work/members-all.txt"; }
blocks 0 10 >"$work/members-warm.txt"
blocks 10 70 >"$work/members.txt"
blocks 70 80 >"$work/ecm-members-warm.txt"
blocks 80 140 >"$work/ecm-members.txt"

declare -a rows=()
run() { # label, token, path
  local label="$1" token="$2" path="$3" out
  wrk -t "$threads" -c "$connections" -d 3s --timeout 30s -H "Authorization: Bearer $token" "$base$path" >/dev/null
  out="$(wrk -t "$threads" -c "$connections" -d "$duration" --timeout 30s --latency -H "Authorization: Bearer $token" "$base$path")"
  echo "$out" >"$work/wrk-$(echo "$label" | tr -c 'a-zA-Z0-9' '-').txt"
  rows+=("$(summarize "$label" "\`GET $path\`" "$out")")
  echo "${rows[-1]}"
}
ms() { # wrk latency (e.g. 812.00us, 12.34ms, 1.20s) in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}
# wrk's mean latency against the mean its own count allows: with every connection always waiting for an answer, the
# mean is the connections over the requests per second (Little's law). A mean far above that was not measured right.
mean_check() { # wrk output
  local mean rps
  mean="$(ms "$(awk '$1=="Latency" {print $2; exit}' <<<"$1")")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$1")"
  echo "wrk's mean latency $mean ms against $(awk -v c="$connections" -v r="$rps" 'BEGIN { printf "%.1f", 1000 * c / r }') ms for $connections connections at that rate"
}
summarize() { # label, what, wrk output
  local rps p50 p99 errors total timeouts
  rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$3")"
  p50="$(ms "$(awk '$1=="50%" {print $2}' <<<"$3")")"
  p99="$(ms "$(awk '$1=="99%" {print $2}' <<<"$3")")"
  total="$(awk '/requests in/ {print $1}' <<<"$3")"
  errors="$(awk '/Non-2xx/ {print $NF}' <<<"$3")"
  timeouts="$(awk -F'timeout ' '/Socket errors/ {print $2+0}' <<<"$3")"
  echo "| $1 | $2 | $rps | $p50 | $p99 | $total | ${errors:-0} | ${timeouts:-0} |"
}

reads=(
  "Member search (plan)|$plan_token|/api/members?q=$prefix&page=1"
  "Member list, page 3 (plan)|$plan_token|/api/members?page=3"
  "Worklist, due (plan)|$plan_token|/api/worklist?due=due&page=1"
  "Worklist by member name, page 10 (plan)|$plan_token|/api/worklist?due=all&sort=name&page=10"
  "Referral queue (plan)|$plan_token|/api/referrals/queue"
  "FHIR Patient search by name (plan)|$plan_token|/fhir/Patient?name=$prefix&_count=20"
  "FHIR Patient page (plan)|$plan_token|/fhir/Patient?_count=20"
  "FHIR Task search by owner (CBO)|$cbo_token|/fhir/Task?owner=Organization/$cbo_id&_count=20"
  "Health (no database)|$plan_token|/health/live"
)

# A freshly started runtime compiles its code in tiers while it serves; the reads share most of theirs, so every read
# is driven in turn before any is measured, and the table shows the app as it runs after its first minutes.
echo "Warming up: $warmup rounds of 5 s over every read"
for _ in $(seq 1 "$warmup"); do
  for entry in "${reads[@]}"; do
    IFS='|' read -r _ token path <<<"$entry"
    wrk -t "$threads" -c "$connections" -d 5s --timeout 30s -H "Authorization: Bearer $token" "$base$path" >/dev/null
  done
done

echo "Driving the reads ($threads threads, $connections connections, $duration each)"
for entry in "${reads[@]}"; do
  IFS='|' read -r label token path <<<"$entry"
  run "$label" "$token" "$path"
done

# A write path's code is compiled while it first runs, like the reads': each is driven for 5 s before it is measured.
echo "Warming up the referral write path (5 s)"
CAREHUB_LOAD_MEMBERS_FILE="$work/members-warm.txt" CAREHUB_LOAD_CBO="$cbo_id" CAREHUB_LOAD_THREADS="$threads" \
  wrk -t "$threads" -c "$connections" -d 5s --timeout 30s -s "$root/bench/load/referral.lua" -H "Authorization: Bearer $plan_token" "$base" >/dev/null
echo "Driving the referral write path ($(wc -l <"$work/members.txt") members to refer)"
write_out="$(CAREHUB_LOAD_MEMBERS_FILE="$work/members.txt" CAREHUB_LOAD_CBO="$cbo_id" CAREHUB_LOAD_THREADS="$threads" \
  wrk -t "$threads" -c "$connections" -d "$duration" --timeout 30s --latency -s "$root/bench/load/referral.lua" -H "Authorization: Bearer $plan_token" "$base")"
echo "$write_out" >"$work/wrk-write.txt"
write_row="$(summarize "Referral created, then approved (plan)" '`POST /api/referrals`, `POST /api/referrals/{id}/decision`' "$write_out")"
echo "$write_row"
created="$(awk -F': ' '/referrals created/ {print $2}' <<<"$write_out")"
approved="$(awk -F': ' '/referrals approved/ {print $2}' <<<"$write_out")"
refused="$(awk -F': ' '/refused or failed/ {print $2}' <<<"$write_out")"
replayed="$(awk -F': ' '/replayed/ {print $2}' <<<"$write_out")"
write_idle="$(awk -F': ' '/out of members/ {print $2}' <<<"$write_out")"
# The referrals this run created (warm-up included) but did not approve before the clock ran out are removed again,
# so that the next run's authorization queue holds what this run's did.
left_pending="$(drop_write_path_leftovers)"
ecm_started="$(date -u '+%Y-%m-%d %H:%M:%S+00')"
echo "Warming up the ECM write path (5 s)"
CAREHUB_LOAD_MEMBERS_FILE="$work/ecm-members-warm.txt" CAREHUB_LOAD_THREADS="$threads" \
  wrk -t "$threads" -c "$connections" -d 5s --timeout 30s -s "$root/bench/load/ecm-case.lua" -H "Authorization: Bearer $plan_token" "$base" >/dev/null
echo "Driving the ECM write path ($(wc -l <"$work/ecm-members.txt") members to refer)"
ecm_out="$(CAREHUB_LOAD_MEMBERS_FILE="$work/ecm-members.txt" CAREHUB_LOAD_THREADS="$threads" \
  wrk -t "$threads" -c "$connections" -d "$duration" --timeout 30s --latency -s "$root/bench/load/ecm-case.lua" -H "Authorization: Bearer $plan_token" "$base")"
echo "$ecm_out" >"$work/wrk-ecm-write.txt"
ecm_row="$(summarize "ECM case created, then authorized (plan)" '`POST /api/ecm/cases`, `POST /api/ecm/cases/{id}/authorization`' "$ecm_out")"
echo "$ecm_row"
ecm_created="$(awk -F': ' '/cases created/ {print $2}' <<<"$ecm_out")"
ecm_authorized="$(awk -F': ' '/cases authorized/ {print $2}' <<<"$ecm_out")"
ecm_refused="$(awk -F': ' '/refused or failed/ {print $2}' <<<"$ecm_out")"
ecm_idle="$(awk -F': ' '/out of members/ {print $2}' <<<"$ecm_out")"
# The cases this run created are removed again (with their tasks and history; their audit entries go at the next run's
# start), so that the next run reads the plan's worklist as this one did instead of thousands more authorized cases on
# it.
ecm_removed="$(psql -d "$database" -tAc "WITH gone AS (DELETE FROM ecm_cases WHERE \"ReferredAt\" >= '$ecm_started' AND \"Source\" = 'pcp'
  AND \"Reason\" = 'Three ED visits in six months; no usual source of care.' RETURNING 1) SELECT count(*) FROM gone")"
audits="$(psql -d "$database" -tAc "SELECT count(*) FROM audit_entries WHERE \"At\" > now() - interval '10 minutes'" 2>/dev/null || echo "?")"

# A hand-written "## Notes" section at the end of the results (what limits it, before and after) survives a rerun.
notes="$( [ -f "$output" ] && sed -n '/^## Notes/,$p' "$output" || true)"
{
  echo "# Load benchmark"
  echo
  echo "Generated by \`bench/load/run.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),"
  echo "$(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), PostgreSQL $(psql -d postgres -tAc 'SHOW server_version' 2>/dev/null || echo '?') on the same machine."
  echo "PostgreSQL settings: $(psql -d postgres -tAc "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'fsync', 'synchronous_commit', 'max_connections')" 2>/dev/null || echo '?')."
  echo "Load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg)."
  [ -n "${CAREHUB_LOAD_NOTE:-}" ] && { echo; echo "$CAREHUB_LOAD_NOTE"; }
  echo
  echo "The web app in Release, Production mode, on PostgreSQL with $members generated members (the demo data set at that size),"
  echo "driven by \`wrk -t $threads -c $connections -d $duration --timeout 30s --latency\` per endpoint after $warmup rounds of 5 s over every read and a"
  echo "3 s warm-up of its own (each write path after 5 s of its own, on other members), with a plan care manager's or the"
  echo "CBO's bearer token. Every read is scoped to the caller's organization and writes its audit entry. The plan's"
  echo "authorization queue held $queued referrals ($queue_fixture submitted by the benchmark with fixed keys, the rest the demo data's;"
  echo "each response: $queued summaries and $queued audit entries)."
  echo
  echo "| what | request | requests/s | p50 ms | p99 ms | requests | non-2xx | timeouts |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo "$write_row"
  echo "$ecm_row"
  echo
  echo "Write paths: $created referrals created and $approved approved in $duration ($refused refused or failed; the"
  echo "$left_pending left unapproved when the clock ran out were removed after the run; $replayed members referred by an"
  echo "earlier run answered with their approved referral at once; $write_idle requests read the queue once the members ran out;"
  echo "$(mean_check "$write_out"));"
  echo "$ecm_created ECM cases created and $ecm_authorized authorized in $duration ($ecm_refused refused or failed; the $ecm_removed"
  echo "cases created were removed after the run; $ecm_idle requests read the worklist once the members ran out;"
  echo "$(mean_check "$ecm_out"));"
  echo "a write path's requests/s and latencies count every request it sent, those answered at once included."
  echo "audit entries written in the last 10 minutes: $audits (the run started with the seeded ones only; $removed_audits of"
  echo "earlier runs were removed before it)."
  [ -n "$notes" ] && { echo; echo "$notes"; }
} >"$output"
echo "Written to $output"
