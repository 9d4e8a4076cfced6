#include "scenario_loader.hpp"

#include <filesystem>
#include <optional>
#include <set>

#include "config_tree.hpp"
#include "core/geography_schema.hpp"
#include "core/scenario_schema.hpp"

namespace sahelsim {

namespace fs = std::filesystem;

namespace {

std::string join_key(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

// ---------------------------------------------------------------------------------------
// Reading files and applying `extends:` and `--set`.

ConfigNode read_with_parents(const std::string& path, const ConfigNode* tree_in,
                             const std::string& text_in, std::vector<std::string>& chain,
                             std::vector<SourceText>& sources) {
  std::string text = text_in;
  ConfigNode tree = tree_in != nullptr ? *tree_in : load_yaml_file(path, &text);
  sources.push_back({path, text});
  if (tree.is_null()) {
    throw UserError(tree.where, "",
                    "empty scenario (expected a map with at least model and steps)");
  }
  if (!tree.is_map()) {
    throw UserError(tree.where, "",
                    "a scenario must be a map of keys (got " + tree.describe() + ")");
  }
  const ConfigNode* extends = tree.get(kExtendsKey);
  if (extends == nullptr) return tree;
  if (!extends->is_scalar() || extends->scalar.empty()) {
    throw UserError(
        extends->where, kExtendsKey,
        "wrong type (expected the path of a parent scenario, got " + extends->describe() + ")");
  }
  const fs::path base = fs::path(path).parent_path();
  const std::string parent = (base / extends->scalar).lexically_normal().string();
  std::error_code ec;
  const std::string identity = fs::weakly_canonical(parent, ec).string();
  for (const auto& seen : chain) {
    if (seen == identity) {
      std::string cycle;
      for (const auto& link : chain) cycle += link + " -> ";
      throw UserError(extends->where, kExtendsKey, "extends cycle (" + cycle + identity + ")");
    }
  }
  if (!fs::is_regular_file(parent, ec)) {
    throw UserError(extends->where, kExtendsKey,
                    "parent scenario not found (expected a file at " + parent + ")");
  }
  chain.push_back(identity);
  ConfigNode merged = read_with_parents(parent, nullptr, {}, chain, sources);
  chain.pop_back();
  ConfigNode child = tree;
  child.erase(kExtendsKey);
  // The timeline is the one list that adds up: a child's entries follow its parent's (a
  // counterfactual is its history plus a switch of policy). Every other list replaces.
  const ConfigNode* inherited = merged.get(kTimelineKey);
  const ConfigNode* added = child.get(kTimelineKey);
  std::optional<ConfigNode> timeline;
  if (inherited != nullptr && added != nullptr && inherited->is_sequence() &&
      added->is_sequence()) {
    timeline = *inherited;
    timeline->items.insert(timeline->items.end(), added->items.begin(), added->items.end());
  }
  merge_into(merged, child);
  if (timeline) *merged.get(kTimelineKey) = std::move(*timeline);
  merged.where = tree.where;
  return merged;
}

bool valid_key_path(const std::string& key) {
  if (key.empty() || key.front() == '.' || key.back() == '.') return false;
  char previous = 0;
  for (char c : key) {
    const bool word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word && c != '.') return false;
    if (c == '.' && previous == '.') return false;
    previous = c;
  }
  return true;
}

// Puts `value` at a dotted key below `root`, creating maps on the way (and replacing
// anything that is not a map) located at `where`.
void put_path(ConfigNode& root, const std::string& key, ConfigNode value,
              const Location& where = {}) {
  ConfigNode* node = &root;
  std::size_t start = 0;
  for (auto dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
    const std::string part = key.substr(start, dot - start);
    ConfigNode* next = node->get(part);
    if (next == nullptr || !next->is_map()) {
      ConfigNode section;
      section.kind = ConfigNode::Kind::map;
      section.where = where;
      next = &node->put(part, std::move(section), where);
    }
    node = next;
    start = dot + 1;
  }
  node->put(key.substr(start), std::move(value), where);
}

void apply_set(ConfigNode& root, const std::string& assignment) {
  const std::string label = "--set " + assignment;
  const auto equals = assignment.find('=');
  if (equals == std::string::npos || !valid_key_path(assignment.substr(0, equals))) {
    throw UserError({label, 0, 0}, "",
                    "malformed override (expected key.path=value, e.g. params.legitimacy=0.8)");
  }
  ConfigNode value = parse_yaml(assignment.substr(equals + 1), label);
  // Every node of the value is located at the argument (a one-line text has no useful line).
  const auto relocate = [&](auto&& self, ConfigNode& node) -> void {
    node.where = {label, 0, 0};
    for (auto& entry : node.entries) {
      entry.key_where = {label, 0, 0};
      self(self, entry.value);
    }
    for (auto& item : node.items) self(self, item);
  };
  relocate(relocate, value);
  put_path(root, assignment.substr(0, equals), std::move(value), {label, 0, 0});
}

// ---------------------------------------------------------------------------------------
// Checking a tree against schemas.

class Checker {
 public:
  explicit Checker(DiagnosticList& diagnostics) : diagnostics_(diagnostics) {}

  // A map of keys below `prefix` (e.g. "params", or "" for the top level) against `schema`.
  // `extra` lists further keys valid at this level (handled elsewhere).
  void section(const ConfigNode& node, const std::string& prefix, const Schema& schema,
               ParamSet& values, const std::vector<std::string>& extra = {}) {
    if (node.is_null()) return;  // "params:" with nothing under it: all defaults
    if (!node.is_map()) {
      diagnostics_.add(node.where, prefix,
                       "wrong type (expected a map of keys, got " + node.describe() + ")");
      return;
    }
    for (const auto& entry : node.entries) {
      const std::string key = join_key(prefix, entry.key);
      bool handled_elsewhere = false;
      for (const auto& e : extra) handled_elsewhere = handled_elsewhere || e == entry.key;
      if (handled_elsewhere) continue;
      if (const auto index = schema.find(key)) {
        leaf(entry.value, *index, schema, values);
      } else if (schema.is_section(key)) {
        section(entry.value, key, schema, values);
      } else {
        std::vector<std::string> valid = schema.children(prefix);
        valid.insert(valid.end(), extra.begin(), extra.end());
        diagnostics_.add(entry.key_where, key, "unknown key" + suggestion(entry.key, valid));
      }
    }
  }

  // A scalar for parameter `index`; the parsed value is stored with its location.
  bool leaf(const ConfigNode& node, std::size_t index, const Schema& schema, ParamSet& values) {
    const ParamSpec& spec = schema.at(index);
    given_.insert(spec.key);
    if (auto value = parse(node, spec)) {
      values.set(index, std::move(*value), node.where);
      return true;
    }
    return false;
  }

  std::optional<ParamValue> parse(const ConfigNode& node, const ParamSpec& spec) {
    if (node.is_null()) {
      diagnostics_.add(node.where, spec.key, "missing value (expected " + spec.expectation() + ")");
      return std::nullopt;
    }
    if (!node.is_scalar()) {
      diagnostics_.add(
          node.where, spec.key,
          "wrong type (expected " + spec.expectation() + ", got " + node.describe() + ")");
      return std::nullopt;
    }
    auto result = spec.parse(node.scalar, node.quoted);
    if (auto* problem = std::get_if<std::string>(&result)) {
      diagnostics_.add(node.where, spec.key, *problem);
      return std::nullopt;
    }
    return std::get<ParamValue>(std::move(result));
  }

  void required(const Schema& schema, const ParamSet& values, const Location& where) {
    for (std::size_t i = 0; i < schema.size(); ++i) {
      if (schema.at(i).required() && std::holds_alternative<std::monostate>(values.value(i)) &&
          given_.count(schema.at(i).key) == 0) {
        diagnostics_.add(where, schema.at(i).key,
                         "missing (expected " + schema.at(i).expectation() + ")");
      }
    }
  }

 private:
  DiagnosticList& diagnostics_;
  std::set<std::string> given_;  // keys present in the input, valid or not
};

// Flattens {params: {a: 1}} and {params.a: 1} alike into (dotted key, node) pairs.
void flatten(const ConfigNode& node, const std::string& prefix,
             std::vector<std::tuple<std::string, Location, const ConfigNode*>>& out) {
  for (const auto& entry : node.entries) {
    const std::string key = join_key(prefix, entry.key);
    if (entry.value.is_map()) {
      flatten(entry.value, key, out);
    } else {
      out.emplace_back(key, entry.key_where, &entry.value);
    }
  }
}

struct TimelineContext {
  const Schema& model_schema;
  const std::optional<Calendar>& calendar;
  std::int64_t steps;
};

// Parses `at` / `until`: a step index, or a date when the scenario has a calendar.
std::optional<std::int64_t> parse_when(const ConfigNode& node, const std::string& key,
                                       const TimelineContext& context,
                                       DiagnosticList& diagnostics) {
  if (!node.is_scalar()) {
    diagnostics.add(
        node.where, key,
        "wrong type (expected a step index or a date YYYY-MM-DD, got " + node.describe() + ")");
    return std::nullopt;
  }
  if (auto date = parse_date(node.scalar)) {
    if (!context.calendar) {
      diagnostics.add(node.where, key,
                      "a date needs a calendar (set calendar.start, or give a step index)");
      return std::nullopt;
    }
    const std::int64_t step = context.calendar->step_containing(*date);
    if (step < 0) {
      diagnostics.add(node.where, key,
                      "before the start of the run (expected a date on or after " +
                          format_date(context.calendar->start) + ", got " + node.scalar + ")");
      return std::nullopt;
    }
    return step;
  }
  ParamSpec step_spec;
  step_spec.key = key;
  step_spec.type = ParamType::integer;
  step_spec.range(0, 1e9);
  auto parsed = step_spec.parse(node.scalar, node.quoted);
  if (const auto* problem = std::get_if<std::string>(&parsed)) {
    // An integer that does not fit (too large, negative) says so; anything else is neither
    // a step nor a date.
    if (problem->starts_with("out of range") || problem->starts_with("integer too large")) {
      diagnostics.add(node.where, key, *problem);
    } else {
      diagnostics.add(node.where, key,
                      "wrong type (expected a step index >= 0 or a date YYYY-MM-DD, got " +
                          node.describe() + ")");
    }
    return std::nullopt;
  }
  return std::get<std::int64_t>(std::get<ParamValue>(parsed));
}

void check_timeline(const ConfigNode& node, const TimelineContext& context, Timeline& timeline,
                    DiagnosticList& diagnostics, std::vector<Diagnostic>& warnings) {
  if (node.is_null()) return;
  if (!node.is_sequence()) {
    diagnostics.add(
        node.where, kTimelineKey,
        "wrong type (expected a list of changes, each with at: and set: or ramp:, got " +
            node.describe() + ")");
    return;
  }
  Checker checker(diagnostics);
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const ConfigNode& item = node.items[i];
    const std::string path = std::string(kTimelineKey) + "[" + std::to_string(i) + "]";
    if (!item.is_map()) {
      diagnostics.add(
          item.where, path,
          "wrong type (expected a map with at: and set: or ramp:, got " + item.describe() + ")");
      continue;
    }
    static const std::vector<std::string> keys = {"at", "until", "set", "ramp", "note"};
    bool ok = true;
    for (const auto& entry : item.entries) {
      bool known = false;
      for (const auto& k : keys) known = known || k == entry.key;
      if (!known) {
        diagnostics.add(entry.key_where, path + "." + entry.key,
                        "unknown key" + suggestion(entry.key, keys));
        ok = false;
      }
    }
    TimelineEntry entry;
    entry.where = item.where;
    const ConfigNode* at = item.get("at");
    const ConfigNode* until = item.get("until");
    const ConfigNode* set = item.get("set");
    const ConfigNode* ramp = item.get("ramp");
    if (const ConfigNode* note = item.get("note")) {
      if (note->is_scalar()) {
        entry.note = note->scalar;
      } else if (!note->is_null()) {
        diagnostics.add(note->where, path + ".note",
                        "wrong type (expected text, got " + note->describe() + ")");
        ok = false;
      }
    }
    if (at == nullptr) {
      diagnostics.add(item.where, path + ".at", "missing (expected a step index or a date)");
      ok = false;
    } else if (auto step = parse_when(*at, path + ".at", context, diagnostics)) {
      entry.at = *step;
      entry.at_text = at->scalar;
    } else {
      ok = false;
    }
    if ((set == nullptr) == (ramp == nullptr)) {
      diagnostics.add(item.where, path, "expected exactly one of set: or ramp:");
      continue;
    }
    entry.ramp = ramp != nullptr;
    entry.until = entry.at;
    if (entry.ramp) {
      if (until == nullptr) {
        diagnostics.add(item.where, path + ".until",
                        "missing (a ramp needs until:, the step or date where it ends)");
        ok = false;
      } else if (auto step = parse_when(*until, path + ".until", context, diagnostics)) {
        entry.until = *step;
        entry.until_text = until->scalar;
        if (ok && entry.until <= entry.at) {
          diagnostics.add(
              until->where, path + ".until",
              "must come after at: (expected a later step or date than " + entry.at_text + ")");
          ok = false;
        }
      } else {
        ok = false;
      }
    } else if (until != nullptr) {
      diagnostics.add(until->where, path + ".until",
                      "only a ramp: has until: (use ramp: instead of set:)");
      ok = false;
    }
    const ConfigNode& changes = entry.ramp ? *ramp : *set;
    const std::string what = entry.ramp ? "ramp" : "set";
    if (!changes.is_map() || changes.entries.empty()) {
      diagnostics.add(
          changes.where, path + "." + what,
          "wrong type (expected a map of parameters to values, got " + changes.describe() + ")");
      continue;
    }
    std::vector<std::tuple<std::string, Location, const ConfigNode*>> flat;
    flatten(changes, "", flat);
    for (const auto& [key, key_where, value_node] : flat) {
      const auto index = context.model_schema.find(key);
      if (!index) {
        const std::string message =
            scenario_schema().find(key)
                ? "cannot change during a run (it is fixed when the run starts)"
                : "unknown parameter" + suggestion(key, [&] {
                    std::vector<std::string> all;
                    for (const auto& s : context.model_schema.specs()) all.push_back(s.key);
                    return all;
                  }());
        diagnostics.add(key_where, key, message);
        ok = false;
        continue;
      }
      const ParamSpec& spec = context.model_schema.at(*index);
      if (!spec.timeline) {
        diagnostics.add(key_where, key,
                        "cannot change during a run (it is fixed when the world is built); "
                        "parameters the timeline may change are marked in `sahelsim params`");
        ok = false;
        continue;
      }
      if (entry.ramp && spec.type != ParamType::real && spec.type != ParamType::integer) {
        diagnostics.add(
            key_where, key,
            "cannot ramp a " + std::string(to_string(spec.type)) + " parameter (use set:)");
        ok = false;
        continue;
      }
      if (auto value = checker.parse(*value_node, spec)) {
        entry.changes.emplace_back(*index, std::move(*value));
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    if (entry.until >= context.steps) {
      warnings.push_back(
          {item.where, path,
           "step " + std::to_string(entry.until) + " is after the last step (" +
               std::to_string(context.steps - 1) +
               "): " + (entry.at >= context.steps ? "it will not apply" : "it will not finish")});
    }
    timeline.add(std::move(entry));
  }
  for (auto& d : timeline.conflicts(context.model_schema)) {
    diagnostics.add(d.where, d.key, d.message);
  }
}

// ---------------------------------------------------------------------------------------
// Writing the resolved scenario back as YAML.

ConfigNode value_node(const ParamSpec& spec, const ParamValue& value) {
  if (std::holds_alternative<std::monostate>(value)) return ConfigNode{};
  return scalar_node(format_value(value), spec.type == ParamType::text);
}

std::string resolved_yaml(const Schema& engine, const ParamSet& engine_values, const Schema& model,
                          const ParamSet& model_values, const Timeline& timeline) {
  ConfigNode root;
  root.kind = ConfigNode::Kind::map;
  for (std::size_t i = 0; i < engine.size(); ++i) {
    const ParamSpec& spec = engine.at(i);
    const ParamValue& value = engine_values.value(i);
    if (std::holds_alternative<std::monostate>(value)) continue;
    if (spec.key == "calendar.step" && !engine_values.has_value("calendar.start")) continue;
    put_path(root, spec.key, value_node(spec, value));
  }
  for (std::size_t i = 0; i < model.size(); ++i) {
    put_path(root, model.at(i).key, value_node(model.at(i), model_values.value(i)));
  }
  ConfigNode entries;
  entries.kind = ConfigNode::Kind::sequence;
  for (const auto& entry : timeline.entries()) {
    ConfigNode item;
    item.kind = ConfigNode::Kind::map;
    item.put("at", scalar_node(entry.at_text));
    if (entry.ramp) item.put("until", scalar_node(entry.until_text));
    ConfigNode changes;
    changes.kind = ConfigNode::Kind::map;
    for (const auto& [index, value] : entry.changes) {
      changes.put(model.at(index).key, value_node(model.at(index), value));
    }
    item.put(entry.ramp ? "ramp" : "set", std::move(changes));
    if (!entry.note.empty()) item.put("note", scalar_node(entry.note, true));
    entries.items.push_back(std::move(item));
  }
  if (!entries.items.empty()) root.put(kTimelineKey, std::move(entries));
  return emit_yaml(root);
}

// ---------------------------------------------------------------------------------------

ScenarioSpec build_spec(ConfigNode tree, std::vector<SourceText> sources, const std::string& path,
                        const ModelRegistry& models, const ScenarioOverrides& overrides) {
  for (const auto& assignment : overrides.sets) apply_set(tree, assignment);

  DiagnosticList diagnostics;
  Checker checker(diagnostics);
  const Schema& engine = scenario_schema();
  ParamSet engine_values(engine);
  const Location top{path, 1, 1};

  // The model decides which further sections are valid.
  const ModelInfo* info = nullptr;
  if (const ConfigNode* model_node = tree.get("model")) {
    if (checker.leaf(*model_node, *engine.find("model"), engine, engine_values)) {
      const std::string& name = engine_values.text("model");
      info = models.find(name);
      if (info == nullptr) {
        diagnostics.add(model_node->where, "model",
                        "unknown model (expected one of the registered models, got '" + name +
                            "')" + suggestion(name, models.names()));
      }
    }
  } else {
    diagnostics.add(
        top, "model", "missing (expected one of: " + [&] {
          std::string list;
          for (const auto& n : models.names()) list += (list.empty() ? "" : ", ") + n;
          return list;
        }() + ")");
  }

  std::vector<std::string> extra = {"model", kTimelineKey};
  if (info != nullptr) {
    extra.insert(extra.end(), info->sections.begin(), info->sections.end());
  } else {
    // Without a known model its sections cannot be told from typos: check only ours.
    for (const auto& entry : tree.entries) {
      if (!engine.find(entry.key) && !engine.is_section(entry.key)) extra.push_back(entry.key);
    }
  }
  checker.section(tree, "", engine, engine_values, extra);
  checker.required(engine, engine_values, top);

  ScenarioSpec spec;
  if (info != nullptr) {
    spec.params = ParamSet(info->schema);
    for (const auto& section : info->sections) {
      if (const ConfigNode* node = tree.get(section)) {
        checker.section(*node, section, info->schema, spec.params);
      }
    }
    checker.required(info->schema, spec.params, top);
  }
  const ConfigNode* calendar = tree.get("calendar");
  if (calendar != nullptr && calendar->is_map() && !engine_values.has_value("calendar.start")) {
    diagnostics.add(calendar->where, "calendar.start",
                    "missing (a calendar needs its start date, YYYY-MM-DD)");
  }
  // A model whose rates are per calendar period (the Sahel model: per week) needs a calendar
  // with that step.
  if (info != nullptr && info->step_days > 0) {
    const std::string wanted = std::to_string(info->step_days) + "d";
    if (calendar == nullptr) {
      diagnostics.add(top, "calendar",
                      "missing (model " + info->name + " needs calendar: {start: YYYY-MM-DD, " +
                          "step: " + wanted + "}: its rates are per " + wanted + " step)");
    } else if (engine_values.has_value("calendar.step")) {
      const auto days = parse_duration_days(engine_values.text("calendar.step"));
      if (days && *days != info->step_days) {
        diagnostics.add(engine_values.origin(engine_values.index("calendar.step")), "calendar.step",
                        "model " + info->name + " needs steps of " + wanted + " (expected " +
                            wanted + " or " + std::to_string(info->step_days / 7) + "w, got " +
                            engine_values.text("calendar.step") + ")");
      }
    }
  }
  diagnostics.sort_by_location();
  diagnostics.throw_if_any();

  spec.model = info->name;
  spec.name = engine_values.text("name");
  if (spec.name.empty()) spec.name = fs::path(path).stem().string();
  spec.description = engine_values.text("description");
  spec.seed = static_cast<std::uint64_t>(engine_values.integer("seed"));
  spec.steps = engine_values.integer("steps");
  if (engine_values.has_value("calendar.start")) {
    spec.calendar = Calendar{*parse_date(engine_values.text("calendar.start")),
                             *parse_duration_days(engine_values.text("calendar.step"))};
  }
  spec.output.file = engine_values.text("output.file");
  spec.output.every = engine_values.integer("output.every");
  spec.output.maps_every = engine_values.integer("output.maps_every");
  spec.output.events = engine_values.boolean("output.events");

  if (const ConfigNode* timeline = tree.get(kTimelineKey)) {
    check_timeline(*timeline, {info->schema, spec.calendar, spec.steps}, spec.timeline, diagnostics,
                   spec.warnings);
  }
  if (diagnostics.empty() && info->check) info->check(spec.params, spec.timeline, diagnostics);
  if (diagnostics.empty() && info->check_run) {
    const auto at = [&](const char* key) {
      Location where;
      if (engine_values.has_value(key)) where = engine_values.origin(engine_values.index(key));
      return where.known() ? where : top;
    };
    info->check_run(spec.params, {spec.steps, spec.calendar, at("steps"), at("calendar.start")},
                    diagnostics);
  }
  diagnostics.sort_by_location();
  diagnostics.throw_if_any();

  spec.resolved_yaml =
      resolved_yaml(engine, engine_values, info->schema, spec.params, spec.timeline);
  spec.sources = std::move(sources);
  return spec;
}

}  // namespace

ScenarioSpec load_scenario(const std::string& path, const ModelRegistry& models,
                           const ScenarioOverrides& overrides) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw UserError({path, 0, 0}, "", "is a directory (expected a scenario file)");
  }
  std::vector<std::string> chain{fs::weakly_canonical(path, ec).string()};
  std::vector<SourceText> sources;
  ConfigNode tree = read_with_parents(path, nullptr, {}, chain, sources);
  return build_spec(std::move(tree), std::move(sources), path, models, overrides);
}

ScenarioSpec load_scenario_text(const std::string& text, const std::string& display_name,
                                const ModelRegistry& models, const ScenarioOverrides& overrides) {
  ConfigNode tree = parse_yaml(text, display_name);
  std::vector<std::string> chain{display_name};
  std::vector<SourceText> sources;
  tree = read_with_parents(display_name, &tree, text, chain, sources);
  return build_spec(std::move(tree), std::move(sources), display_name, models, overrides);
}

bool is_geography_only(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return false;
  std::vector<std::string> chain{fs::weakly_canonical(path, ec).string()};
  std::vector<SourceText> sources;
  const ConfigNode tree = read_with_parents(path, nullptr, {}, chain, sources);
  return tree.get("model") == nullptr && tree.get("geography") != nullptr;
}

GeographyScenario load_geography(const std::string& path, const ScenarioOverrides& overrides) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw UserError({path, 0, 0}, "", "is a directory (expected a scenario file)");
  }
  std::vector<std::string> chain{fs::weakly_canonical(path, ec).string()};
  GeographyScenario out;
  ConfigNode tree = read_with_parents(path, nullptr, {}, chain, out.sources);
  for (const auto& assignment : overrides.sets) apply_set(tree, assignment);

  DiagnosticList diagnostics;
  Checker checker(diagnostics);
  const Schema& schema = geography_schema();
  out.geography = ParamSet(schema);
  const ConfigNode* section = tree.get("geography");
  if (section == nullptr) {
    diagnostics.add({path, 1, 1}, "geography",
                    "missing (expected a map such as {preset: mali, cell_deg: 0.1})");
  } else {
    checker.section(*section, "geography", schema, out.geography);
  }
  const Schema& engine = scenario_schema();
  ParamSet engine_values(engine);
  if (const ConfigNode* name = tree.get("name")) {
    checker.leaf(*name, *engine.find("name"), engine, engine_values);
  }
  if (const ConfigNode* calendar = tree.get("calendar");
      calendar != nullptr && calendar->is_map()) {
    if (const ConfigNode* start = calendar->get("start")) {
      checker.leaf(*start, *engine.find("calendar.start"), engine, engine_values);
    }
  }
  diagnostics.sort_by_location();
  diagnostics.throw_if_any();

  out.name = engine_values.text("name");
  if (out.name.empty()) out.name = fs::path(path).stem().string();
  if (engine_values.has_value("calendar.start")) {
    const std::chrono::year_month_day day{*parse_date(engine_values.text("calendar.start"))};
    out.start_year = static_cast<int>(day.year());
  }
  ConfigNode root;
  root.kind = ConfigNode::Kind::map;
  for (std::size_t i = 0; i < schema.size(); ++i) {
    put_path(root, schema.at(i).key, value_node(schema.at(i), out.geography.value(i)));
  }
  out.resolved_yaml = emit_yaml(root);
  return out;
}

}  // namespace sahelsim
