// A YAML document as a plain tree that remembers where every node came from.
//
// yaml-cpp parses; we convert its nodes into ConfigNode so that merging (`extends:`) and
// overrides (`--set`) keep each value's own file:line:col, and so that duplicate keys,
// alias bombs and absurd nesting are refused with a clear error instead of surprising
// the loader later.
#pragma once

#include <string>
#include <vector>

#include "core/errors.hpp"

namespace sahelsim {

struct MapEntry;

struct ConfigNode {
  enum class Kind { null, scalar, map, sequence };

  Kind kind = Kind::null;
  std::string scalar;             // Kind::scalar: the text as written (without quotes)
  bool quoted = false;            // the scalar was quoted ('...' or "..."): it is a string
  std::vector<MapEntry> entries;  // Kind::map, in file order
  std::vector<ConfigNode> items;  // Kind::sequence
  Location where;

  [[nodiscard]] bool is_map() const { return kind == Kind::map; }
  [[nodiscard]] bool is_scalar() const { return kind == Kind::scalar; }
  [[nodiscard]] bool is_sequence() const { return kind == Kind::sequence; }
  [[nodiscard]] bool is_null() const { return kind == Kind::null; }

  // The value of `key` in a map, or nullptr.
  [[nodiscard]] const ConfigNode* get(const std::string& key) const;
  [[nodiscard]] ConfigNode* get(const std::string& key);
  // Sets `key` (replacing or appending), returns the stored node.
  ConfigNode& put(const std::string& key, ConfigNode value, Location key_where = {});
  void erase(const std::string& key);

  // "a map", "a list", "the string \"x\"", "'x'", "nothing": for error messages.
  [[nodiscard]] std::string describe() const;
};

struct MapEntry {
  std::string key;
  Location key_where;
  ConfigNode value;
};

// Parses YAML text; `file` names it in error messages. Throws UserError.
[[nodiscard]] ConfigNode parse_yaml(const std::string& text, const std::string& file);

// Reads and parses a file. Throws UserError when it cannot be read or parsed.
[[nodiscard]] ConfigNode load_yaml_file(const std::string& path, std::string* text_out = nullptr);

// `overlay` on top of `base`: maps merge key by key (recursively), anything else replaces.
void merge_into(ConfigNode& base, const ConfigNode& overlay);

// Block-style YAML text for a tree (keys in stored order; strings quoted when needed).
[[nodiscard]] std::string emit_yaml(const ConfigNode& node);

// A scalar node holding `text`; `quoted` forces it to be a string.
[[nodiscard]] ConfigNode scalar_node(std::string text, bool quoted = false);

}  // namespace sahelsim
