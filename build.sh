#!/usr/bin/env bash
# One entry point for building, serving, testing and checking survey-report.
#   ./build.sh serve [PORT]   install what is missing, build pkg/, serve www/ on 127.0.0.1
#   ./build.sh test           every test: fmt/clippy, cargo test, wasm build, browser tests
#   ./build.sh build          release wasm build into pkg/ and the native binary
#   ./build.sh check          fmt, clippy -D warnings, wasm clippy
#   ./build.sh bench [--quick] native (criterion) and browser benchmarks, against PapaParse, uDSV and DuckDB-wasm
#   ./build.sh dist           release wasm build, then dist/: the page for any static host, content-hashed names
# Every sub-command is idempotent and safe on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

need_cargo() {
  command -v cargo >/dev/null || die "cargo is missing: install Rust from https://rustup.rs, then run this again"
}

ensure_wasm_target() {
  need_cargo
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen CLI must be exactly the version of the crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local want have
  want=$(wasm_bindgen_version)
  [ -n "$want" ] || die "could not read the wasm-bindgen version from Cargo.lock"
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (about 4 minutes, once)"
    # No --locked: a dependency pinned in the CLI's own lock file is missing
    # from some registry mirrors; the unlocked build works.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_npm() {
  command -v npm >/dev/null || die "node and npm are missing: install Node.js 20 or later (e.g. apt-get install nodejs npm)"
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/binaryen ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (playwright-core, binaryen)"
    npm ci --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if is_root && command -v apt-get >/dev/null; then
    say "installing Chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    die "the browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium' (Debian/Ubuntu) and try again"
  fi
}

# Builds the page's two wasm modules, each shrunk by wasm-opt:
#   pkg/survey_report.js + _bg.wasm        everything (the default features:
#       web-read, the reader and its Workbench; web-draw, canvases, tables,
#       alt text, figure checks; web-export, SVG, CSV, edits, hit tests): the
#       report page's main thread and its worker load it (fetched once);
#   pkg/draw/survey_report.js + _bg.wasm   drawing only (web-draw): the embed.
build_wasm() {
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_npm
  rm -rf pkg
  # The page's main thread and its worker load one module (pkg/: reading
  # and drawing), fetched once; the embed loads the drawing alone
  # (pkg/draw/), which has no reader, presets or JSON parser in it.
  wasm_module pkg ""
  wasm_module pkg/draw "--no-default-features --features web-draw"
}

# wasm_module OUT_DIR CARGO_FEATURE_FLAGS: one release build into OUT_DIR.
wasm_module() {
  local out=$1 features=$2 raw gz
  say "building the wasm module $out/ (release${features:+, $features})"
  # shellcheck disable=SC2086 # the feature flags are words
  cargo build --lib --release --target wasm32-unknown-unknown $features
  wasm-bindgen --target web --no-typescript --out-dir "$out" target/wasm32-unknown-unknown/release/survey_report.wasm
  # The npm binaryen package ships a current wasm-opt; Debian's (108) writes
  # modules that fail to load with current wasm-bindgen output.
  say "optimising $out/survey_report_bg.wasm with wasm-opt -Oz"
  node_modules/.bin/wasm-opt -Oz --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/survey_report_bg.wasm" -o "$out/survey_report_bg.wasm"
  raw=$(wc -c < "$out/survey_report_bg.wasm")
  gz=$(gzip -9 -c "$out/survey_report_bg.wasm" | wc -c)
  say "$out/survey_report_bg.wasm: $raw bytes, $gz gzipped"
}

cmd_build() {
  build_wasm
  say "building the native binary"
  cargo build --release --bin survey-report
  say "native binary: target/release/survey-report"
}

cmd_serve() {
  local port=${1:-8000}
  build_wasm
  command -v python3 >/dev/null || die "python3 is needed to serve the page (any static file server over www/ works too)"
  say "serving http://127.0.0.1:$port/ (Ctrl-C to stop)"
  exec python3 -m http.server "$port" --bind 127.0.0.1 --directory www
}

cmd_check() {
  ensure_wasm_target
  say "cargo fmt --check"
  cargo fmt --all -- --check
  say "cargo clippy (native, all targets)"
  cargo clippy --all-targets -- -D warnings
  say "cargo clippy (wasm32)"
  cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
}

cmd_test() {
  cmd_check
  say "cargo test"
  cargo test
  build_wasm
  ensure_chromium
  ensure_npm
  say "browser tests (headless Chromium)"
  node --test --test-concurrency=1 tests/browser/
}

cmd_bench() {
  build_wasm
  ensure_chromium
  ensure_npm
  say "building the native binary (it writes the benchmark inputs)"
  cargo build --release --bin survey-report
  say "native benchmark (criterion): ingest + analysis"
  if [ "${1:-}" = "--quick" ]; then
    # BENCH_QUICK leaves out the 200 MB input.
    BENCH_QUICK=1 cargo bench --bench ingest
  else
    cargo bench --bench ingest
  fi
  node benches/criterion-summary.mjs
  say "native benchmark (criterion): hostile shapes at doubling sizes"
  cargo bench --bench hostile
  node benches/hostile-summary.mjs
  say "browser benchmark (headless Chromium) against PapaParse, uDSV and DuckDB-wasm"
  node bench/browser.mjs "$@"
  say "filter redraw benchmark: applying and removing a filter (issue #15)"
  # Only --quick carries over (fewer runs); its inputs are the sample and kaggle.
  if [ "${1:-}" = "--quick" ]; then node bench/filter.mjs --quick; else node bench/filter.mjs; fi
}

cmd_dist() {
  build_wasm
  command -v node >/dev/null || die "node is needed to write dist/ (Node.js 20 or later)"
  say "writing dist/ (content-hashed names, _headers)"
  node tools/dist.mjs --out dist
  say "dist/ is ready: upload the folder as it is (README: \"Hosting\")"
}

case "${1:-}" in
  serve) shift; cmd_serve "$@" ;;
  test) cmd_test ;;
  build) cmd_build ;;
  check) cmd_check ;;
  bench) shift; cmd_bench "$@" ;;
  dist) cmd_dist ;;
  *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
