#!/usr/bin/env bash
# Installs the Debian packages Kith needs (as root, or through sudo), only when missing.
#   scripts/setup.sh          what building and running kith needs
#   scripts/setup.sh --test   plus what the test suite needs
set -euo pipefail

# unzip: `kith import` reads LinkedIn's .zip export through it.
packages=(libgraphviz-dev pkg-config libsqlite3-dev unzip)
if [[ "${1:-}" == "--test" ]]; then
  # graphviz: the `dot` and `gc` commands, to check exported DOT with Graphviz's own reader;
  # python3-networkx: to read exported GraphML back; chromium: to open the HTML report;
  # zip: the importer tests pack a LinkedIn export fixture into a .zip; zsh, fish: to check
  # the completion scripts in those shells.
  packages+=(graphviz python3 python3-networkx chromium zip zsh fish)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
