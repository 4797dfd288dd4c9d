#!/usr/bin/env bash
# tools/fuzz-smoke.sh [SECONDS_PER_TARGET=20] [TARGET...]
# Builds the libFuzzer targets of tests/fuzz (see tests/fuzz/README.md) into build-fuzz with
# clang and KB_FUZZ=ON (tools/configure-fuzz.sh; only the targets and the libraries they
# need, unless tools/sanitize.sh built everything there already), then runs each target
# for SECONDS_PER_TARGET seconds from its seeds and regressions, and prints its executions
# and executions per second. Exits 1 if any target finds a crash, a sanitizer error, a leak,
# a timeout (10 s) or runs out of memory (2 GB); the input is kept in
# build-fuzz/fuzz-smoke/TARGET/ and the end of the log printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-fuzz"
FUZZ="$ROOT/tests/fuzz"
SECONDS_PER_TARGET="${1:-20}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    TARGETS=(text html xml pdf office sidecar query params)
fi
# Longest input libFuzzer makes, per target: large enough for a real file of that kind.
declare -A MAX_LEN=([text]=16384 [html]=32768 [xml]=16384 [pdf]=65536 [office]=65536
                    [sidecar]=4096 [query]=4096 [params]=4096)
declare -A DICT=([html]=html.dict [xml]=xml.dict [sidecar]=xml.dict [query]=query.dict)

start=$SECONDS
bash "$ROOT/tools/configure-fuzz.sh"  # the build tools/sanitize.sh runs the tests in
cmake --build "$BUILD" -j"$(nproc)" --target kb_fuzz_targets >/dev/null
echo "fuzz-smoke: built in $((SECONDS - start)) s; ${SECONDS_PER_TARGET} s per target"

export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
failed=()
for t in "${TARGETS[@]}"; do
    work="$BUILD/fuzz-smoke/$t"
    rm -rf "$work"
    mkdir -p "$work/corpus"
    # The first folder receives the new inputs; seeds and regressions are only read.
    inputs=("$work/corpus" "$FUZZ/seeds/$t")
    if [ -d "$ROOT/tests/data/fuzz-regressions/$t" ]; then
        inputs+=("$ROOT/tests/data/fuzz-regressions/$t")
    fi
    options=(-max_total_time="$SECONDS_PER_TARGET" -max_len="${MAX_LEN[$t]}" -timeout=10
             -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/")
    if [ -n "${DICT[$t]:-}" ]; then
        options+=(-dict="$FUZZ/${DICT[$t]}")
    fi
    status=0
    "$BUILD/bin/fuzz_$t" "${options[@]}" "${inputs[@]}" >"$work/log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
    if [ "$status" -eq 0 ]; then
        printf 'fuzz-smoke: %-8s ok     %9s execs %7s exec/s\n' "$t" "${execs:-?}" "${speed:-?}"
    else
        printf 'fuzz-smoke: %-8s FAILED (exit %s) after %s execs; log: %s\n' \
            "$t" "$status" "${execs:-?}" "$work/log"
        grep -E '^(==[0-9]+==|SUMMARY|artifact_prefix|.*runtime error|kb fuzz:)' "$work/log" |
            head -20 || true
        failed+=("$t")
    fi
done
echo "fuzz-smoke: $((SECONDS - start)) s in all"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz-smoke: crashes in: ${failed[*]} (minimise with fuzz_NAME -minimize_crash=1, keep" \
         "the input in tests/data/fuzz-regressions/NAME/)" >&2
    exit 1
fi
