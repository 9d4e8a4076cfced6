#!/usr/bin/env bash
# Regenerates the documents that come from the code: docs/scenarios.md from the parameter
# schemas, and the generated half of each docs/models/MODEL.md. Run after changing a
# schema; a test fails while a document is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
"$BUILD_DIR/sahelsim" params --markdown > docs/scenarios.md
echo "wrote docs/scenarios.md"
# Model pages: the hand-written part up to the marker line, then the generated reference.
for page in docs/models/*.md; do
  model=$(basename "$page" .md)
  marker='<!-- generated: sahelsim params '"$model"' --markdown (tools/gen-docs.sh); do not edit below -->'
  head_part=$(awk -v m="$marker" '{print} $0 == m {exit}' "$page")
  { printf '%s\n\n' "$head_part"; "$BUILD_DIR/sahelsim" params "$model" --markdown; } > "$page.tmp"
  mv "$page.tmp" "$page"
  echo "wrote $page"
done
