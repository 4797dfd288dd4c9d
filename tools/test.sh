#!/usr/bin/env bash
# Installs dependencies, builds with warnings as errors, runs every test through CTest, then
# the whole suite again against AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer
# builds of the libraries, kb-indexer, kb-searchd and the tests (tools/sanitize.sh, in the
# clang build build-fuzz; KB_SANITIZE_TESTS=0 skips it), then a short fuzzing smoke run of
# every libFuzzer target in that same build (tools/fuzz-smoke.sh; KB_FUZZ_SECONDS=0 skips
# it). KB_LONG_TESTS=1 adds the long variants (label long) to both test runs. Exits 0 only
# when all tests pass, no sanitizer reported anything and no fuzz target crashed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash tools/deps.sh
bash tools/build.sh -DKB_BUILD_TESTS=ON -DKB_WERROR=ON
cd build
# The browser tests must run here, not be skipped for a missing Chromium.
export KB_REQUIRE_BROWSER=1
# Long variants (label long: minutes of stress and load each) only with KB_LONG_TESTS=1.
long=(-LE long)
if [ "${KB_LONG_TESTS:-0}" = 1 ]; then
    long=()
fi
ctest --output-on-failure -j"$(nproc)" --timeout 600 "${long[@]}" "$@"
if [ "${KB_SANITIZE_TESTS:-1}" != 0 ]; then
    bash "$ROOT/tools/sanitize.sh" "$@"
fi
if [ "${KB_FUZZ_SECONDS:-15}" != 0 ]; then
    bash "$ROOT/tools/fuzz-smoke.sh" "${KB_FUZZ_SECONDS:-15}"
fi
