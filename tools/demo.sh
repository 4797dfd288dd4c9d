#!/usr/bin/env bash
# Installs dependencies, builds, indexes corpus/ into var/index and starts kb-searchd on
# http://127.0.0.1:8080 in the background.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${KB_PORT:-8080}"
cd "$ROOT"

bash tools/deps.sh
bash tools/build.sh -DKB_BUILD_TESTS=OFF >/dev/null

mkdir -p var
# Stop a kb-searchd this script started before, by its PID.
if [ -f var/kb-searchd.pid ] && kill -0 "$(cat var/kb-searchd.pid)" 2>/dev/null; then
    kill "$(cat var/kb-searchd.pid)"
    for _ in $(seq 50); do kill -0 "$(cat var/kb-searchd.pid)" 2>/dev/null || break; sleep 0.1; done
fi

status=0
build/bin/kb-indexer --index var/index corpus || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 65 ]; then
    echo "demo.sh: indexing failed (exit $status)" >&2
    exit "$status"
fi

nohup build/bin/kb-searchd --index "$ROOT/var/index" --bind 127.0.0.1 --port "$PORT" \
    >var/kb-searchd.log 2>&1 &
echo $! >var/kb-searchd.pid
for _ in $(seq 100); do
    if curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
        cat <<MSG

kb-searchd is running on http://127.0.0.1:$PORT (PID $(cat var/kb-searchd.pid), log var/kb-searchd.log)

Open the helpdesk page: http://127.0.0.1:$PORT/

Or try the API:
  curl -s 'http://127.0.0.1:$PORT/api/v1/search?q=Velenje'
  curl -s 'http://127.0.0.1:$PORT/api/v1/search?q=uczenie+sie+przez+cale+zycie&lang=pl'
  curl -s 'http://127.0.0.1:$PORT/api/v1/documents/seeds%2F004_bea8ae7b33cd5770.txt'
  curl -s 'http://127.0.0.1:$PORT/api/v1/search?q=brain+drain&region=SI&ui_lang=pl'
  curl -s 'http://127.0.0.1:$PORT/api/v1/documents/seeds%2F001_260d3d3c4cd1868a.txt/similar'
  curl -s 'http://127.0.0.1:$PORT/api/v1/suggest?q=beg+mozg'
  curl -s 'http://127.0.0.1:$PORT/api/v1/analyze?text=Вештачка+интелигенција'
  curl -s 'http://127.0.0.1:$PORT/api/v1/stats'

Stop it with:
  kill \$(cat $ROOT/var/kb-searchd.pid)
MSG
        exit 0
    fi
    sleep 0.1
done
echo "demo.sh: kb-searchd did not answer on port $PORT; see var/kb-searchd.log" >&2
cat var/kb-searchd.log >&2
exit 1
