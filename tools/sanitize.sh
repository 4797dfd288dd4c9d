#!/usr/bin/env bash
# tools/sanitize.sh [CTEST_ARGUMENT...]
# Runs the whole test suite (unit, integration, browser and the fuzz replays; label long only
# with KB_LONG_TESTS=1) against build-fuzz, where the libraries, kb-indexer, kb-searchd and
# the tests are built with AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer
# (tools/configure-fuzz.sh). Every sanitizer report, of a test or of a process it started,
# is written to build-fuzz/sanitizer-reports/ and fails the run, even if the test passed:
# a kb-searchd that leaks at its exit logs into a file the test may never read.
# KB_TEST_TIME_SCALE (default 3) stretches the tests' process timeouts
# (tests/support/time_scale.h), since sanitized executables are two to three times slower.
# Exits 0 only when every test passed and nothing was reported.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-fuzz"
REPORTS="$BUILD/sanitizer-reports"

start=$SECONDS
bash "$ROOT/tools/configure-fuzz.sh"
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
echo "sanitize: built in $((SECONDS - start)) s"

rm -rf "$REPORTS"
mkdir -p "$REPORTS"
# Each process that reports writes REPORTS/sanitizer.EXE.PID (log_path; EXE is "exe" for
# kb-indexer's extraction workers, started as /proc/self/exe; ASan and UBSan share it).
#  * halt_on_error: the first error ends the process (-fno-sanitize-recover=undefined is
#    compiled in for UBSan); detect_leaks: LeakSanitizer, at every exit.
#  * max_allocation_size_mb: an allocation of more than 1 GB is a report, not gigabytes
#    taken from the machine (extraction workers have no memory limit under ASan:
#    indexer/extract_worker.cc).
#  * new_delete_type_mismatch=0: libxapian 1.4's Database::check() deletes its
#    GlassTableCheck (440 bytes) through a GlassTable pointer, whose destructor is not
#    virtual (432 bytes): a report in every test that checks an index. Only sized deletes
#    are checked, and clang 14 compiles none (no -fsized-deallocation by default), so this
#    check could only ever see the GCC-built libraries.
# Options already in the environment come last, so they win.
asan=(halt_on_error=1 detect_leaks=1 detect_stack_use_after_return=1
      check_initialization_order=1 strict_init_order=1 max_allocation_size_mb=1024
      new_delete_type_mismatch=0 "log_path=$REPORTS/sanitizer" log_exe_name=1)
ubsan=(halt_on_error=1 print_stacktrace=1 "log_path=$REPORTS/sanitizer" log_exe_name=1)
export ASAN_OPTIONS="$(IFS=:; echo "${asan[*]}")${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="$(IFS=:; echo "${ubsan[*]}")${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
# Leaks inside libxapian itself are Xapian's (tools/lsan.supp says which and why).
export LSAN_OPTIONS="suppressions=$ROOT/tools/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export KB_TEST_TIME_SCALE="${KB_TEST_TIME_SCALE:-3}"
long=(-LE long)
if [ "${KB_LONG_TESTS:-0}" = 1 ]; then
    long=()
fi
# Left out: the tests of --extract-memory-mb, an RLIMIT_AS on the extraction worker, which
# ASan's shadow memory rules out (indexer/extract_worker.cc). They run in the normal build.
excluded='^ExtractLimits\.(APdfThatExhaustsMemoryFailsAloneWithinItsLimit'
excluded+='|AHugeHtmlFileIsExtractedInAWorkerToo)$'
echo "sanitize: leaving out the tests that need an RLIMIT_AS: $excluded"
tests_start=$SECONDS
status=0
(cd "$BUILD" &&
    ctest --output-on-failure -j"$(nproc)" --timeout 900 "${long[@]}" -E "$excluded" "$@") ||
    status=$?
echo "sanitize: tests ran in $((SECONDS - tests_start)) s"

reports=("$REPORTS"/*)
if [ -e "${reports[0]}" ]; then
    echo "sanitize: ${#reports[@]} sanitizer report(s) in $REPORTS:" >&2
    for report in "${reports[@]}"; do
        echo "--- $(basename "$report")" >&2
        head -n 60 "$report" >&2
    done
    status=1
fi
echo "sanitize: $((SECONDS - start)) s in all"
exit "$status"
