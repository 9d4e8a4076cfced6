#!/usr/bin/env bash
# Regenerates the documents that come from the code: docs/scenarios.md from the parameter
# schemas. Run after changing a schema; a test fails while the document is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
"$BUILD_DIR/sahelsim" params --markdown > docs/scenarios.md
echo "wrote docs/scenarios.md"
