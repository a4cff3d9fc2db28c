#!/usr/bin/env bash
# Rebuilds the Wasm filters we ship (wasm-filters/*.wasm) and the test modules
# (proxy-engine/src/test/resources/wasm/*.wasm) from source, reproducibly: the same clang/lld and
# wabt give byte-identical output. Needs clang, lld (wasm-ld) and wabt (wat2wasm); Debian: apt-get
# install clang lld wabt; npm for the AssemblyScript module. With --check, builds into a temporary directory and fails when a
# committed binary differs from a fresh build.
set -euo pipefail
cd "$(dirname "$0")"
out_filters=.
out_tests=../proxy-engine/src/test/resources/wasm
if [[ "${1:-}" == "--check" ]]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    out_filters=$tmp/filters
    out_tests=$tmp/tests
fi
mkdir -p "$out_filters" "$out_tests"

CFLAGS=(--target=wasm32 -O2 -nostdlib -ffreestanding -fno-builtin -Wall -Werror -Wno-unused-function
        -Iinclude -Wl,--no-entry -Wl,--export-dynamic -Wl,--strip-debug -Wl,-z,stack-size=65536)

for src in src/*.c; do
    name=$(basename "$src" .c)
    clang "${CFLAGS[@]}" -o "$out_filters/$name.wasm" "$src"
done
for src in test/*.c; do
    name=$(basename "$src" .c)
    clang "${CFLAGS[@]}" -o "$out_tests/$name.wasm" "$src"
done
# The module built with a third-party SDK (@solo-io/proxy-runtime, AssemblyScript; versions pinned
# in assemblyscript/package-lock.json), when npm is at hand.
if command -v npm >/dev/null; then
    target=$(cd "$out_filters" && pwd)/as_stamp.wasm
    (cd assemblyscript && npm ci --no-audit --no-fund --loglevel=error >/dev/null \
        && npx asc assembly/index.ts -b "$target" --use abort=abort_proc_exit -O3 --noAssert)
else
    echo "npm not found: as_stamp.wasm was not rebuilt" >&2
    [[ "${1:-}" == "--check" ]] && cp as_stamp.wasm "$out_filters/"
fi
for src in test/*.wat; do
    name=$(basename "$src" .wat)
    wat2wasm -o "$out_tests/$name.wasm" "$src"
done

if [[ "${1:-}" == "--check" ]]; then
    status=0
    for f in "$out_filters"/*.wasm; do
        cmp -s "$f" "$(basename "$f")" || { echo "stale: wasm-filters/$(basename "$f")"; status=1; }
    done
    for f in "$out_tests"/*.wasm; do
        cmp -s "$f" "../proxy-engine/src/test/resources/wasm/$(basename "$f")" || { echo "stale: test module $(basename "$f")"; status=1; }
    done
    [[ $status -eq 0 ]] && echo "wasm binaries match a fresh build"
    exit $status
fi
