#!/usr/bin/env bash
# Seed corpora of the fuzz targets, made from the repository (nothing large is committed):
#   scenario   every scenario (scenarios/**/*.yaml but sweeps and those on the map of
#              Mali), the bad-input test cases,
#              fuzz/seeds/scenario/
#   sweep      scenarios/sweeps/*.sweep.yaml (but those of the Sahel model), fuzz/seeds/sweep/
#   overrides  fuzz/seeds/overrides/ (one override a line)
#   results    small results files written by SAHELSIM: a run of the rebellion (5 steps), a
#              Sahel teaching run (maps, regions, events; 2 steps), a geography file, a sweep
#              index, and a truncated copy of the run
#   benchmarks/fuzz/corpora.sh SAHELSIM OUT_DIR
set -euo pipefail
sahelsim=$(realpath "$1")
out=$(realpath -m "$2")
cd "$(dirname "$0")/../.."
rm -rf "$out"
mkdir -p "$out"/{scenario,sweep,overrides,results}

# Scenarios, but those on the map of Mali: checking one builds the Mali geography (to check
# region names), over the fuzzer's 10 s timeout under ASan; the synthetic world stands in.
mali='scenarios/(mali|policy)/|(mali|policy)/[a-z-]*\.yaml'
find scenarios -name '*.yaml' ! -name '*.sweep.yaml' | sort | while read -r f; do
  if ! echo "$f" | grep -qE "$mali" && ! grep -qE "$mali" "$f"; then
    cp "$f" "$out/scenario/$(echo "$f" | tr '/' '_')"
  fi
done
cp fuzz/seeds/scenario/* "$out/scenario/"
# The bad-input cases of tests/bad_input/bad_input_test.cpp (kCases: name, YAML text, ...).
/usr/bin/python3 - "$out/scenario" <<'PY'
import ast, re, sys
text = open("tests/bad_input/bad_input_test.cpp").read()
table = text[text.index("const Case kCases[]"):text.index("};", text.index("const Case kCases[]"))]
literal = r'"(?:[^"\\]|\\.)*"'
for m in re.finditer(r'\{\s*"(\w+)",\s*((?:' + literal + r'\s*)+),', table):
    data = b"".join(ast.literal_eval("b" + part) for part in re.findall(literal, m.group(2)))
    open(f"{sys.argv[1]}/bad_{m.group(1)}.yaml", "wb").write(data)
PY

# Sweeps.
# Sweeps, but those on the Sahel model: each point's check builds its geography (the
# 104-point sensitivity screen takes over 10 s under ASan).
for f in scenarios/sweeps/*.sweep.yaml; do
  grep -qE "$mali|sahel" "$f" || cp "$f" "$out/sweep/"
done
cp fuzz/seeds/sweep/* "$out/sweep/"

# Overrides: one per line in each seed file.
cp fuzz/seeds/overrides/* "$out/overrides/"

# Results files.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$sahelsim" run scenarios/teaching/rebellion.yaml --steps 5 -q -o "$tmp/rebellion.h5"
"$sahelsim" run scenarios/teaching/rebellion.yaml --steps 5 -q -o "$tmp/small.h5" \
  --set params.width=16 --set params.height=16 --set output.maps_every=2
"$sahelsim" run scenarios/teaching/sahel-policy.yaml --steps 2 -q -o "$tmp/sahel.h5" \
  --set geography.cell_deg=1
"$sahelsim" geo scenarios/teaching/synthetic-world.yaml --set geography.cell_deg=1 \
  -o "$tmp/geography.h5" > /dev/null
cat > "$tmp/tiny.sweep.yaml" <<YAML
base: $PWD/scenarios/teaching/rebellion.yaml
replicates: 2
set: {steps: 3, params.width: 16, params.height: 16}
grid: {params.legitimacy: [0.7, 0.9]}
output: {dir: $tmp/sweep}
YAML
"$sahelsim" sweep "$tmp/tiny.sweep.yaml" -q --threads 1 > /dev/null
cp "$tmp"/{rebellion,small,sahel,geography}.h5 "$out/results/"
cp "$tmp/sweep/sweep.h5" "$out/results/sweep-index.h5"
head -c $(($(stat -c %s "$tmp/small.h5") / 2)) "$tmp/small.h5" > "$out/results/truncated.h5"
for d in scenario sweep overrides results; do
  echo "$d: $(ls "$out/$d" | wc -l) files, $(du -sk "$out/$d" | cut -f1) KiB" >&2
done
