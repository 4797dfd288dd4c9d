#!/usr/bin/env bash
# Installs dependencies, builds with warnings as errors, and runs every test through CTest.
# The exit status is CTest's: 0 when all tests pass.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash tools/deps.sh
bash tools/build.sh -DKB_BUILD_TESTS=ON -DKB_WERROR=ON
cd build
# The browser tests must run here, not be skipped for a missing Chromium.
export KB_REQUIRE_BROWSER=1
ctest --output-on-failure -j"$(nproc)" --timeout 600 "$@"
