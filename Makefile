# pkjwt: `make serve` to try it locally, `make test` for every test layer (what CI runs),
# `make bench` to measure the release build against the performance budgets (BENCHMARKS.md).
# Each layer is also its own target: test-native, test-wasm, build, test-e2e.

# Layers run in the order listed and stop at the first failure, even under -j.
.NOTPARALLEL:
.PHONY: help setup-build setup-test build serve test test-native test-wasm test-e2e bench audit fuzz clean

# The build finds its tools on PATH: wasm-opt from scripts/tools (npm's binaryen, see setup.sh),
# wasm-bindgen and wasm-split-cli from cargo install (a fresh shell may not have ~/.cargo/bin yet).
export PATH := $(CURDIR)/scripts/tools/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

CHROMEDRIVER ?= /usr/bin/chromedriver

help:
	@echo "make serve        build and serve on http://127.0.0.1:8080 (PKJWT_PORT to change)"
	@echo "make test         native + wasm (headless Chromium) + release build + e2e + audit; ends with each layer's wall time"
	@echo "make build        release build into dist/"
	@echo "make test-native | test-wasm | test-e2e   one layer (test-e2e uses the existing dist/)"
	@echo "make bench        release build, measured in headless Chromium: prints a table, writes BENCHMARKS.md"
	@echo "make fuzz         the core's parser property tests with 20000 cases each (PKJWT_FUZZ_CASES=N to change)"

setup-build:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

build: setup-build
	node scripts/build.mjs

serve: build
	node scripts/serve.mjs

# Each layer is its own make run, in this order, stopping at the first failure; the script
# ends with the wall time of each layer.
TEST_LAYERS = setup-test test-native test-wasm build test-e2e audit
test:
	@scripts/test-layers.sh "$(MAKE)" $(TEST_LAYERS)

test-native:
	cargo test --workspace --no-fail-fast

# wasm-bindgen-test-runner drives Chromium through chromedriver; it adds headless and
# no-sandbox itself, webdriver.json adds the rest of our flags. The default 20 s per-test
# timeout is too short for RSA key generation in a debug build.
test-wasm: setup-test
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=$(CHROMEDRIVER) \
	WASM_BINDGEN_USE_BROWSER=1 \
	WASM_BINDGEN_TEST_TIMEOUT=$${WASM_BINDGEN_TEST_TIMEOUT:-180} \
	cargo test --target wasm32-unknown-unknown -p pkjwt $(WASM_TESTS)

# The wasm tests are tests/*.rs. The library's own tests are plain #[test]s that test-native
# runs; the wasm runner finds none in them ("no tests to run!"), so the library's test build
# (another ~90 MB debug wasm) is made only once src/ holds a wasm_bindgen_test.
WASM_TESTS = $(patsubst tests/%.rs,--test %,$(wildcard tests/*.rs)) \
	$(if $(shell grep -rl --include=*.rs wasm_bindgen_test src),--lib)

# Runs against whatever is in dist/ (built by `make build`); it builds nothing itself.
# Every *.test.mjs below tests/e2e, also those beside what they test (authorization-server/), so
# that none is skipped; the spec reporter ends with the count of tests, passes and failures.
E2E_SUITES = $(shell cd tests/e2e && find . -name node_modules -prune -o -name '*.test.mjs' -print | sort)

# The suites run E2E_JOBS at a time: node runs each file in its own process, and each starts
# its own Chromium and its own servers on port 0, with its own temp dirs and artifact names.
# These time the page's main thread, so they run one by one after the others, where no
# neighbour's Chromium can eat their margin:
#   keys-errors     a huge paste is answered in under 1 s
#   keys-ui         no frame gap over 250 ms while a key is parsed; Copy says Copied within 2 s
#   trust-hostile   each paste's longest task is at most 200 ms over a control paste
#   worker          no main-thread task over 50 ms while the worker generates keys
# Both batches run even if the first fails (each ends with its own count of passes and fails).
# --test-timeout is the guard against a hung file: 10 min of one suite's work (trust-hostile alone
# takes about 5, and each of its pages now waits for the lazy modules); a suite sharing the cores
# with E2E_JOBS - 1 others gets that much longer.
E2E_JOBS ?= 2
E2E_ALONE = ./keys-errors.test.mjs ./keys-ui.test.mjs ./trust-hostile.test.mjs ./worker.test.mjs
E2E_TOGETHER = $(filter-out $(E2E_ALONE),$(E2E_SUITES))
E2E_NODE = node --test --test-reporter=spec
E2E_TIMEOUT_MS = 600000

test-e2e: setup-test
	@test -f dist/index.html || { echo "test-e2e: no dist/index.html; run 'make build' first" >&2; exit 1; }
	@echo "test-e2e: $(words $(E2E_SUITES)) suites; $(words $(E2E_TOGETHER)), $(E2E_JOBS) at a time: $(E2E_TOGETHER)"
	@echo "test-e2e: then $(words $(E2E_ALONE)) alone: $(E2E_ALONE)"
	cd tests/e2e && status=0; \
		$(E2E_NODE) --test-timeout=$$(($(E2E_TIMEOUT_MS) * $(E2E_JOBS))) --test-concurrency=$(E2E_JOBS) $(E2E_TOGETHER) || status=$$?; \
		$(E2E_NODE) --test-timeout=$(E2E_TIMEOUT_MS) --test-concurrency=1 $(E2E_ALONE) || status=$$?; \
		exit $$status

# Sizes, load time, key generation and signing against WebCrypto, long tasks (a few minutes).
bench: setup-test build
	node scripts/bench.mjs

# Known advisories in the dependency tree, from the RustSec snapshot next to this repository.
# Each ignored one has its reason in ARCHITECTURE.md ("Dependencies").
ADVISORY_DB ?= ../shared/advisory-db
audit:
	@if [ -d "$(ADVISORY_DB)" ]; then \
		scripts/setup.sh audit; \
		cargo audit --db "$(ADVISORY_DB)" --no-fetch --deny warnings --ignore RUSTSEC-2023-0071 --ignore RUSTSEC-2024-0436; \
	else \
		echo "audit: no advisory database at $(ADVISORY_DB); set ADVISORY_DB=<path to a RustSec advisory-db checkout> to run it"; \
	fi

# The property tests of every parser of user input (core/tests/fuzz/), 20 000 cases each
# instead of `make test`'s 1 000, optimized but with overflow checks and debug assertions
# on; prints the executions per parser from target/tmp/pkjwt-fuzz-report.tsv. Proptest, not
# cargo fuzz: that needs a nightly compiler. About two minutes on 2 cores (80 s of it running).
PKJWT_FUZZ_CASES ?= 20000
fuzz:
	CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL=3 \
	CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true \
	PKJWT_FUZZ_CASES=$(PKJWT_FUZZ_CASES) cargo test -p pkjwt-core --release --test fuzz -- --nocapture
	@echo "Executions per parser (target/tmp/pkjwt-fuzz-report.tsv):"
	@awk -F'\t' 'NR > 1 { runs[$$1] += $$3; ok[$$1] += $$4; failed[$$1] += $$5; total += $$3 } \
		END { for (p in runs) printf "  %-26s %9d runs %9d Ok  %d failed\n", p, runs[p], ok[p], failed[p]; \
		printf "  %-26s %9d runs\n", "(total)", total }' target/tmp/pkjwt-fuzz-report.tsv | sort

clean:
	rm -rf dist tests/e2e/artifacts
