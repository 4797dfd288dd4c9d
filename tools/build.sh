#!/usr/bin/env bash
# Configures and builds kbsearch into build/ (Release). Extra arguments go to cmake.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$ROOT/build" -j"$(nproc)"
