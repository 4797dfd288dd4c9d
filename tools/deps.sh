#!/usr/bin/env bash
# Installs the Debian 12 packages kbsearch needs to build, test and run.
# Idempotent and quiet: does nothing when every package is already installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

PACKAGES=(
    build-essential cmake pkg-config          # toolchain
    libgtest-dev libgmock-dev                 # GoogleTest
    libxapian-dev xapian-tools                # index (+ quest, xapian-delve for checks)
    libicu-dev                                # segmentation, normalisation, transliteration
    libcld2-dev                               # language identification
    libhunspell-dev libstemmer-dev            # lemmas (Hunspell) and Snowball Serbian
    hunspell-pl hunspell-sl hunspell-hr hunspell-bs hunspell-sr
    hunspell-cs hunspell-sk hunspell-bg
    hunspell-en-us hunspell-de-de hunspell-hu hunspell-ro  # dictionary vote on short texts
    libmorfologik-stemming2-java libzip-dev   # Polish lemmas (PoliMorf, read from its jar)
    apertium-hbs-slv apertium-hbs-eng apertium-mkd-bul  # Slovenian, BCMS, Bulgarian analysers
    lttoolbox-dev libxml2-dev                 # to run them
    libpoco-dev                               # HTTP server and CLI (executables only)
    libpugixml-dev                            # XML
    libgumbo-dev                              # HTML5 parsing
    libuchardet-dev                           # charset detection
    libpoppler-cpp-dev                        # PDF text (DOCX/ODT use libzip + pugixml)
    nlohmann-json3-dev                        # JSON inside the library
    libjemalloc-dev                           # kb-indexer's malloc (cmake/KbDependencies)
    curl python3 bc                           # demo, corpus and bench tools
    xapian-omega                              # omindex: the anchor of tools/bench/reindex
    wrk                                       # HTTP load for tools/bench/query
    chromium nodejs                           # browser tests of the web page (playwright-core)
    clang libclang-rt-dev llvm                # fuzzing: libFuzzer, sanitizers, llvm-symbolizer
)
# npm comes with NodeSource's nodejs; Debian's nodejs needs Debian's npm beside it.
if ! command -v npm >/dev/null; then
    PACKAGES+=(npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

# The browser tests' npm package (playwright-core, pinned by package-lock.json), installed
# when missing or of another version than package.json asks; Chromium comes from Debian.
install_browser_test_packages() {
    local dir="$ROOT/tests/browser" want have
    want=$(sed -n 's/.*"playwright-core": "\(.*\)".*/\1/p' "$dir/package.json")
    have=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' \
        "$dir/node_modules/playwright-core/package.json" 2>/dev/null || true)
    if [ "$want" != "$have" ]; then
        echo "deps.sh: npm ci in tests/browser (playwright-core $want)"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
}

if [ ${#missing[@]} -eq 0 ]; then
    install_browser_test_packages
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
        SUDO="sudo"
    else
        echo "deps.sh: need root to install: ${missing[*]}" >&2
        exit 1
    fi
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_browser_test_packages
