#!/usr/bin/env bash
# Plain shell recipe: lint every article under a folder before publication.
# Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, config or I/O error.
set -euo pipefail
dir="${1:-articles}"
newslint check --format concise --fail-on warning "$dir"
