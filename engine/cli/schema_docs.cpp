#include "schema_docs.hpp"

#include <algorithm>

#include "core/geography_schema.hpp"

#include "core/scenario_schema.hpp"

namespace sahelsim {

namespace {

std::string default_text(const ParamSpec& spec) {
  if (spec.required()) return "(required)";
  if (std::holds_alternative<std::monostate>(spec.default_value)) return "(unset: see meaning)";
  const std::string text = format_value(spec.default_value);
  if (spec.type == ParamType::text) return "\"" + text + "\"";
  return text;
}

std::string range_text(const ParamSpec& spec) {
  if (spec.type == ParamType::real || spec.type == ParamType::integer ||
      spec.type == ParamType::choice) {
    return spec.expectation();
  }
  return {};
}

// Markdown table cells may not hold '|' or line breaks.
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::string out;
  std::string line;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

// Models that live on the map of Mali take every `geography:` key; those are documented
// once, in the geography section, not again in each model's table.
bool shared_geography_key(const ParamSpec& spec, bool skip) {
  return skip && spec.key.rfind("geography.", 0) == 0;
}

bool takes_geography(const ModelInfo& model) {
  return std::find(model.sections.begin(), model.sections.end(), "geography") !=
         model.sections.end();
}

std::string schema_text(const Schema& schema, bool skip_geography = false) {
  std::string out;
  for (const auto& spec : schema.specs()) {
    if (shared_geography_key(spec, skip_geography)) continue;
    out += "  " + spec.key + "  " + std::string(to_string(spec.type)) + " = " + default_text(spec);
    const std::string range = range_text(spec);
    if (!range.empty() && spec.type != ParamType::choice) out += "  " + range;
    if (spec.type == ParamType::choice) {
      out += "  {";
      for (std::size_t c = 0; c < spec.choices.size(); ++c) {
        if (c > 0) out += '|';
        out += spec.choices[c];
      }
      out += '}';
    }
    if (spec.unit != "-" && spec.unit != "1") out += "  [" + spec.unit + "]";
    if (spec.timeline) out += "  (timeline)";
    out += '\n';
    out += wrap(spec.doc, 86, "      ");
    if (!spec.source.empty()) out += wrap("source: " + spec.source, 86, "      ");
  }
  return out;
}

std::string schema_markdown(const Schema& schema, bool skip_geography = false) {
  std::string out =
      "| key | type | default | valid values | unit | timeline | description | source |\n"
      "|---|---|---|---|---|---|---|---|\n";
  for (const auto& spec : schema.specs()) {
    if (shared_geography_key(spec, skip_geography)) continue;
    out += "| `" + spec.key + "` | " + std::string(to_string(spec.type)) + " | `" +
           cell(default_text(spec)) + "` | " + cell(range_text(spec)) + " | " + cell(spec.unit) +
           " | " + (spec.timeline ? "yes" : "") + " | " + cell(spec.doc) + " | " +
           cell(spec.source) + " |\n";
  }
  return out;
}

}  // namespace

std::string scenario_keys_text() {
  return "Scenario keys shared by every model (plus extends: and timeline:):\n" +
         schema_text(scenario_schema());
}

std::string geography_keys_text() {
  return "Geography keys (geography:, for `sahelsim geo` and the models that use a map of "
         "Mali; docs/geography.md):\n" +
         schema_text(geography_schema());
}

std::string model_params_text(const ModelInfo& model) {
  std::string out = model.name + " - " + model.summary + "\n";
  out += wrap(model.citation, 88, "  ");
  out += "\nParameters:\n" + schema_text(model.schema, takes_geography(model));
  if (takes_geography(model)) {
    out += "  geography.*  every geography key (sahelsim params geography)\n";
  }
  const auto series = [&](const std::vector<SeriesSpec>& list) {
    for (const auto& s : list) {
      out += "  " + s.name + "  " + (s.kind == SeriesKind::stock ? "stock" : "flow") + "  [" +
             s.unit + "]  " + s.long_name + "\n";
    }
  };
  out += "\nSeries (per record):\n";
  series(model.series);
  if (!model.regional.empty()) {
    const std::string& dim = model.regional_dimension;
    out += "\n" + (dim == "region" ? std::string("Regional") : "Per-" + dim) +
           " series (per record and " + dim + ", /" + dim + "s/series):\n";
    series(model.regional);
  }
  if (!model.maps.empty()) {
    out += "\nMaps (H x W snapshots):\n";
    for (const auto& m : model.maps) {
      out +=
          "  " + m.name + "  " + (m.type == MapType::u8 ? "uint8" : "float32") + "  " + m.long_name;
      if (!m.categories.empty()) {
        out += " (";
        for (std::size_t c = 0; c < m.categories.size(); ++c) {
          out += (c ? ", " : "") + std::to_string(c) + " " + m.categories[c];
        }
        out += ")";
      }
      out += "\n";
    }
  }
  if (!model.events.empty()) {
    out += "\nEvents:\n";
    for (std::size_t k = 0; k < model.events.size(); ++k) {
      out +=
          "  " + std::to_string(k) + " " + model.events[k].name + ": " + model.events[k].doc + "\n";
    }
  }
  out += "\nRandom streams (id name: use):\n";
  for (const auto& s : model.streams) {
    out += "  " + std::to_string(s.id) + " " + s.name + ": " + s.doc + "\n";
  }
  return out;
}

std::string model_markdown(const ModelInfo& model, const std::string& level) {
  std::string out;
  out +=
      level + " Model `" + model.name + "`\n\n" + model.summary + ".\n\n" + model.citation + "\n\n";
  out += level + "# Parameters\n\n" + schema_markdown(model.schema, takes_geography(model));
  if (takes_geography(model)) {
    out +=
        "\nThe model also takes every `geography:` key (the geography section of "
        "[scenarios.md](scenarios.md)).\n";
  }
  out += "\n";
  const auto series = [&](const std::vector<SeriesSpec>& list) {
    out += "| name | kind | unit | meaning |\n|---|---|---|---|\n";
    for (const auto& s : list) {
      out += "| `" + s.name + "` | " + (s.kind == SeriesKind::stock ? "stock" : "flow") + " | " +
             cell(s.unit) + " | " + cell(s.long_name) + " |\n";
    }
  };
  out += level + "# Series\n\n";
  series(model.series);
  for (const auto& [name, text] : model.formulas) {
    out += "\n`" + name + "`: " + text + ".\n";
  }
  if (!model.regional.empty()) {
    const std::string& dim = model.regional_dimension;
    out += "\n" + level + "# " + (dim == "region" ? std::string("Regional") : "Per-" + dim) +
           " series\n\nDatasets `/" + dim + "s/series/NAME` with dimensions (time, " + dim +
           "):\n\n";
    series(model.regional);
  }
  if (!model.maps.empty()) {
    out += "\n" + level + "# Maps\n\n| name | type | meaning |\n|---|---|---|\n";
    for (const auto& m : model.maps) {
      std::string meaning = m.long_name;
      if (!m.categories.empty()) {
        meaning += " (";
        for (std::size_t c = 0; c < m.categories.size(); ++c) {
          meaning += (c ? ", " : "") + std::to_string(c) + " " + m.categories[c];
        }
        meaning += ")";
      }
      out += "| `" + m.name + "` | " + (m.type == MapType::u8 ? "uint8" : "float32") + " | " +
             cell(meaning) + " |\n";
    }
  }
  if (!model.events.empty()) {
    out += "\n" + level + "# Events\n\n| code | name | meaning |\n|---|---|---|\n";
    for (std::size_t k = 0; k < model.events.size(); ++k) {
      out += "| " + std::to_string(k) + " | `" + model.events[k].name + "` | " +
             cell(model.events[k].doc) + " |\n";
    }
  }
  out += "\n" + level + "# Random streams\n\n| id | name | use |\n|---|---|---|\n";
  for (const auto& s : model.streams) {
    out += "| " + std::to_string(s.id) + " | `" + s.name + "` | " + cell(s.doc) + " |\n";
  }
  out += "\n";
  return out;
}

std::string scenarios_markdown(const ModelRegistry& models) {
  std::string out;
  out += "# Scenario reference\n\n";
  out +=
      "<!-- Generated by `sahelsim params --markdown` from the parameter schemas. Do not edit:\n"
      "     change the schema in the code and run tools/gen-docs.sh. A test fails when this\n"
      "     file is stale. -->\n\n";
  out +=
      "A scenario is a YAML file. Keys are checked strictly: an unknown key, a value of the\n"
      "wrong type, out of range, NaN or infinite (where not allowed) is an error that names\n"
      "`file:line:col` and the dotted key, with exit code 2, and nothing is run or written.\n\n"
      "```yaml\n"
      "model: epstein                  # registered model (`sahelsim models`)\n"
      "extends: ../base.yaml           # optional parent; maps merge deeply, lists replace\n"
      "                                # (but timeline entries add to the parent's)\n"
      "name: Run 2\n"
      "seed: 7\n"
      "steps: 3000\n"
      "calendar: {start: 2012-01-01, step: 7d}   # optional: dates instead of step numbers\n"
      "params: {legitimacy: 0.82}     # the model's parameters (below)\n"
      "timeline:                       # parameter changes during the run\n"
      "  - at: 77                      # a step index, or a date when a calendar is set\n"
      "    set: {params.legitimacy: 0.7}\n"
      "    note: sudden legitimacy drop\n"
      "  - at: 100\n"
      "    until: 170                  # a ramp: linear from the value in force at `at`\n"
      "    ramp: {params.legitimacy: 0.2}\n"
      "output: {file: results/run2.h5, every: 1, maps_every: 10}\n"
      "```\n\n"
      "- `extends:` names a parent scenario, relative to the file. The child's maps are\n"
      "  merged into the parent's key by key; lists and scalars replace. Cycles and missing\n"
      "  parents are errors.\n"
      "- `sahelsim run --set key.path=value` overrides any key after `extends:` is applied;\n"
      "  the value is YAML (`--set params.legitimacy=0.8`, `--set 'timeline=[]'`).\n"
      "  `--seed N` and `--steps N` are short for `--set seed=N` and `--set steps=N`.\n"
      "- `timeline:` entries take effect before the step they name runs. `set:` changes a\n"
      "  value once; `ramp:` with `until:` moves it linearly, one change per step, from the\n"
      "  value in force at `at` to the target at `until` (integers are rounded). Only\n"
      "  parameters marked *timeline* below may change during a run. Entries after the\n"
      "  last step are reported as warnings and do not apply. Every change that ran is\n"
      "  written to the results file (`/timeline`).\n"
      "- The resolved scenario, with every default written out, is stored in each results\n"
      "  file (`/scenario/resolved`) and runs again as it is.\n\n";
  out += "## Keys every scenario has\n\n" + schema_markdown(scenario_schema()) + "\n";
  out +=
      "## Geography (`geography:`)\n\n"
      "Where the world's cells, regions, towns and people come from: Mali and its\n"
      "neighbours from the data shipped with sahelsim, or a small synthetic teaching world.\n"
      "`sahelsim geo SCENARIO` builds just this part and prints a summary;\n"
      "[geography.md](geography.md) explains the sources, the method and how to bring your\n"
      "own layers.\n\n" +
      schema_markdown(geography_schema()) + "\n";
  for (const auto& model : models.models()) out += model_markdown(*model, "##");
  return out;
}

}  // namespace sahelsim
