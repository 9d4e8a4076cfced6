#include "model.hpp"

#include <algorithm>

#include <set>
#include <stdexcept>

namespace sahelsim {

void ModelRegistry::add(ModelInfo info) {
  // A malformed description is a programmer error in the model: reject it at start-up,
  // not in the middle of someone's run.
  const auto fail = [&](const std::string& what) {
    throw std::logic_error("model '" + info.name + "': " + what);
  };
  if (info.name.empty() || !info.create) fail("needs a name and a factory");
  if (find(info.name) != nullptr) fail("registered twice");
  std::set<std::string> outputs;
  for (const auto& s : info.series) {
    if (!outputs.insert(s.name).second) fail("series '" + s.name + "' declared twice");
  }
  std::set<std::string> grouped;
  for (const auto& g : info.groups) {
    const SeriesSpec* first = nullptr;
    for (const auto& name : g.series) {
      const auto it = std::find_if(info.series.begin(), info.series.end(),
                                   [&](const SeriesSpec& s) { return s.name == name; });
      if (it == info.series.end()) fail("group '" + g.title + "' names no series '" + name + "'");
      if (!grouped.insert(name).second) fail("series '" + name + "' in two groups");
      if (first == nullptr) first = &*it;
      if (it->unit != first->unit) fail("group '" + g.title + "' mixes units");
    }
  }
  std::set<std::string> maps;
  for (const auto& m : info.maps) {
    if (!maps.insert(m.name).second) fail("map '" + m.name + "' declared twice");
  }
  std::set<std::uint32_t> streams;
  for (const auto& s : info.streams) {
    if (!streams.insert(s.id).second) fail("stream id " + std::to_string(s.id) + " used twice");
  }
  for (const auto& spec : info.schema.specs()) {
    const std::string section = spec.key.substr(0, spec.key.find('.'));
    bool owned = false;
    for (const auto& s : info.sections) owned = owned || s == section;
    if (!owned || section == spec.key) fail("parameter '" + spec.key + "' outside its sections");
  }
  models_.push_back(std::make_unique<ModelInfo>(std::move(info)));
}

const ModelInfo* ModelRegistry::find(const std::string& name) const {
  for (const auto& m : models_) {
    if (m->name == name) return m.get();
  }
  return nullptr;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& m : models_) out.push_back(m->name);
  return out;
}

}  // namespace sahelsim
