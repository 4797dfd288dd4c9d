#!/usr/bin/env bash
# Installs dependencies, builds with warnings as errors, runs every test through CTest, then
# a short fuzzing smoke run of every libFuzzer target (tools/fuzz-smoke.sh; KB_FUZZ_SECONDS=0
# skips it). Exits 0 only when all tests pass and no fuzz target crashed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash tools/deps.sh
bash tools/build.sh -DKB_BUILD_TESTS=ON -DKB_WERROR=ON
cd build
# The browser tests must run here, not be skipped for a missing Chromium.
export KB_REQUIRE_BROWSER=1
ctest --output-on-failure -j"$(nproc)" --timeout 600 "$@"
if [ "${KB_FUZZ_SECONDS:-15}" != 0 ]; then
    bash "$ROOT/tools/fuzz-smoke.sh" "${KB_FUZZ_SECONDS:-15}"
fi
