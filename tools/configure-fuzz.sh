#!/usr/bin/env bash
# tools/configure-fuzz.sh: configures build-fuzz, the clang build that tools/sanitize.sh and
# tools/fuzz-smoke.sh share: KB_FUZZ=ON instruments everything with AddressSanitizer (and
# LeakSanitizer), UndefinedBehaviorSanitizer (-fno-sanitize-recover) and libFuzzer's coverage
# (fuzzer-no-link), and the tests are configured too, so the libraries are compiled once for
# the fuzz targets and for the sanitized test suite. Both scripts configure the same cache
# (another option would rebuild everything).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake -S "$ROOT" -B "$ROOT/build-fuzz" -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKB_FUZZ=ON -DKB_BUILD_TESTS=ON -DKB_WERROR=ON \
    >/dev/null
