#!/bin/sh
# Installs the tools pkjwt needs, and only what is missing or at the wrong version.
#   scripts/setup.sh build   wasm32 target, wasm-bindgen-cli, wasm-split-cli, wasm-opt (scripts/tools, npm)
#   scripts/setup.sh test    build + chromium, chromedriver, tests/e2e node modules
#   scripts/setup.sh audit   cargo-audit
# Prints one line per thing it installs; when everything is present it is silent and quick.
set -eu
cd "$(dirname "$0")/.."

# Splits the app into lazy parts (scripts/build-app.mjs); the crate's CLI is behind a feature.
WASM_SPLIT_VERSION=0.2.3
# wasm-bindgen-cli must match the wasm-bindgen crate exactly, so read it from Cargo.lock.
WBG_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WBG_VERSION" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }

# cargo install puts binaries here; a fresh shell may not have it on PATH yet.
PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export PATH

say() { echo "setup: $*"; }
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo

APT_UPDATED=
apt_install() { # apt_install PACKAGE... : installs those not already installed
    missing=
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
    done
    [ -n "$missing" ] || return 0
    say "installing$missing (apt)"
    if [ -z "$APT_UPDATED" ]; then
        $SUDO apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

npm_ci() { # npm_ci DIR : npm ci, unless node_modules was installed from this very lockfile
    if ! cmp -s "$1/package-lock.json" "$1/node_modules/.installed-lock.json"; then
        say "installing $1 node modules (npm ci)"
        (cd "$1" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        cp "$1/package-lock.json" "$1/node_modules/.installed-lock.json"
    fi
}

need_node() {
    command -v npm >/dev/null 2>&1 || { echo "setup: node (>= 20) and npm are required" >&2; exit 1; }
}

# The cargo-installed tools are built here, for this machine: in one target directory, so the
# crates they share build once, and at opt-level 1 instead of a release's 3, which builds them
# quicker (BENCHMARKS.md, "Test time"); their work in a build or a test run takes seconds.
cargo_install() { # cargo_install ARGS... : cargo install, built the way the comment above says
    CARGO_TARGET_DIR="$PWD/target/tools" CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install "$@"
}

version_of() { # version_of CMD : its --version output, empty when absent
    command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | head -n1 || true
}

setup_build() {
    if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        say "installing rust target wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown >/dev/null
    fi

    if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
        say "installing wasm-split-cli $WASM_SPLIT_VERSION (cargo install, takes ~1 min)"
        cargo_install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force --quiet
    fi

    if [ "$(version_of wasm-bindgen)" != "wasm-bindgen $WBG_VERSION" ] ||
        ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
        say "installing wasm-bindgen-cli $WBG_VERSION (cargo install, takes ~5 min)"
        # --locked can fail when a locked dependency is not (yet) on the registry we reach
        # (0.2.130 locks webpki-roots 1.0.11); then resolve fresh within semver instead.
        cargo_install wasm-bindgen-cli --version "$WBG_VERSION" --locked --force --quiet 2>/dev/null ||
            cargo_install wasm-bindgen-cli --version "$WBG_VERSION" --force --quiet
    fi

    # The build runs wasm-opt -Oz. Debian's binaryen 108 corrupts wasm-bindgen's externref
    # table export (the page dies in __wbindgen_init_externref_table), so we use npm's
    # binaryen, pinned in scripts/tools; the Makefile puts it first on PATH.
    need_node
    npm_ci scripts/tools
}

setup_test() {
    # The native and e2e tests check our output with openssl and run rendered commands with
    # real bash, dash and curl; one e2e test writes a .env the way the seed scripts do, with
    # python-dotenv.
    apt_install chromium chromium-driver openssl curl dash
    if ! python3 -c 'import dotenv' 2>/dev/null; then
        say "installing python-dotenv (pip)"
        python3 -m pip install --quiet --disable-pip-version-check python-dotenv
    fi

    # The scripts pkjwt writes run in the tests with real interpreters: Go from Debian (1.19),
    # Python in a venv with requests and PyJWT[crypto] (core/tests/scripts.rs finds it there;
    # PKJWT_SCRIPT_VENV points elsewhere).
    apt_install golang-go python3-venv
    if ! target/script-venv/bin/python -c 'import requests, jwt, cryptography' 2>/dev/null; then
        say "making target/script-venv (requests, PyJWT[crypto]; pip)"
        python3 -m venv target/script-venv
        target/script-venv/bin/pip install --quiet --disable-pip-version-check requests==2.32.5 'PyJWT[crypto]==2.10.1'
    fi

    need_node
    npm_ci tests/e2e
}

setup_audit() {
    if ! command -v cargo-audit >/dev/null 2>&1; then
        say "installing cargo-audit (cargo install, takes ~4 min)"
        cargo_install cargo-audit --locked --quiet
    fi
}

case "${1:-}" in
    build) setup_build ;;
    test) setup_build; setup_test ;;
    audit) setup_audit ;;
    *) echo "usage: $0 build|test|audit" >&2; exit 2 ;;
esac
