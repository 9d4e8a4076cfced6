#include "config_tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>

namespace sahelsim {

namespace {

// Limits that keep hostile input bounded in time and memory.
constexpr std::size_t kMaxFileBytes = 16u << 20;
constexpr std::size_t kMaxNodes = 1u << 20;
constexpr int kMaxDepth = 64;

Location location_of(const YAML::Mark& mark, const std::string& file) {
  if (mark.line < 0) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

// Rejects nesting deeper than kMaxDepth before yaml-cpp's recursive parser sees it.
// Counts flow brackets outside quoted strings and comments: a cheap, conservative scan.
void check_flow_depth(const std::string& text, const std::string& file) {
  int depth = 0;
  int line = 1;
  int column = 0;
  char quote = 0;
  bool comment = false;
  for (char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
      if (quote == '\'') quote = 0;  // single-quoted scalars rarely span lines; be lenient
      continue;
    }
    if (comment) continue;
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      comment = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        throw UserError(
            {file, line, column}, "",
            "nesting too deep (expected at most " + std::to_string(kMaxDepth) + " levels)");
      }
    } else if (c == ']' || c == '}') {
      depth = depth > 0 ? depth - 1 : 0;
    }
  }
}

// The position of the first byte that is not valid UTF-8, if any.
void check_utf8(const std::string& text, const std::string& file) {
  int line = 1;
  int column = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    if (c < 0x80)
      length = 1;
    else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
      length = 2;
    else if ((c & 0xF0) == 0xE0)
      length = 3;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
      length = 4;
    bool ok = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; ok && k < length; ++k) {
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    }
    if (!ok)
      throw UserError({file, line, column}, "",
                      "invalid UTF-8 byte sequence (expected UTF-8 text)");
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
}

class Converter {
 public:
  explicit Converter(std::string file) : file_(std::move(file)) {}

  ConfigNode convert(const YAML::Node& node, int depth) {
    if (++nodes_ > kMaxNodes) {
      throw UserError(location_of(node.Mark(), file_), "",
                      "document too large after expanding aliases (expected at most " +
                          std::to_string(kMaxNodes) + " nodes)");
    }
    if (depth > kMaxDepth) {
      throw UserError(
          location_of(node.Mark(), file_), "",
          "nesting too deep (expected at most " + std::to_string(kMaxDepth) + " levels)");
    }
    ConfigNode out;
    out.where = location_of(node.Mark(), file_);
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = ConfigNode::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = ConfigNode::Kind::scalar;
        out.scalar = node.Scalar();
        out.quoted = node.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        out.kind = ConfigNode::Kind::sequence;
        for (const auto& item : node) out.items.push_back(convert(item, depth + 1));
        break;
      case YAML::NodeType::Map:
        out.kind = ConfigNode::Kind::map;
        for (const auto& pair : node) {
          const Location key_where = location_of(pair.first.Mark(), file_);
          if (!pair.first.IsScalar()) {
            throw UserError(key_where, "", "a key must be a plain word (got a map or list as key)");
          }
          const std::string key = pair.first.Scalar();
          for (const auto& existing : out.entries) {
            if (existing.key == key) {
              throw UserError(key_where, key,
                              "duplicate key (first given at " + existing.key_where.str() + ")");
            }
          }
          out.entries.push_back({key, key_where, convert(pair.second, depth + 1)});
        }
        break;
    }
    return out;
  }

 private:
  std::string file_;
  std::size_t nodes_ = 0;
};

bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  static const std::string special = ":#{}[],&*!|>'\"%@`";
  if (special.find(s.front()) != std::string::npos || s.front() == '-' || s.front() == '?' ||
      s.front() == ' ' || s.back() == ' ') {
    return true;
  }
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string scalar_text(const ConfigNode& node) {
  if (node.is_null()) return "~";
  // A string is always quoted, so that "true" or "5" stay strings when read back; a plain
  // scalar (number, boolean, word) is quoted only where YAML's syntax requires it.
  if (node.quoted || needs_quotes(node.scalar)) return double_quoted(node.scalar);
  return node.scalar;
}

void emit(const ConfigNode& node, int indent, std::string& out);

void emit_value_after_key(const ConfigNode& value, int indent, std::string& out) {
  if (value.is_map() && !value.entries.empty()) {
    out += "\n";
    emit(value, indent + 2, out);
  } else if (value.is_sequence() && !value.items.empty()) {
    out += "\n";
    emit(value, indent + 2, out);
  } else if (value.is_map()) {
    out += " {}\n";
  } else if (value.is_sequence()) {
    out += " []\n";
  } else {
    out += ' ';
    out += scalar_text(value);
    out += '\n';
  }
}

void emit(const ConfigNode& node, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (node.is_map()) {
    for (const auto& entry : node.entries) {
      out += pad + (needs_quotes(entry.key) ? double_quoted(entry.key) : entry.key) + ":";
      emit_value_after_key(entry.value, indent, out);
    }
  } else if (node.is_sequence()) {
    for (const auto& item : node.items) {
      if (item.is_map() && !item.entries.empty()) {
        // "- key: value" with the following keys aligned under the first.
        std::string nested;
        emit(item, indent + 2, nested);
        nested.replace(static_cast<std::size_t>(indent), 2, "- ");
        out += nested;
      } else {
        out += pad + "-";
        emit_value_after_key(item, indent, out);
      }
    }
  } else {
    out += pad + scalar_text(node) + "\n";
  }
}

}  // namespace

const ConfigNode* ConfigNode::get(const std::string& key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

ConfigNode* ConfigNode::get(const std::string& key) {
  for (auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

ConfigNode& ConfigNode::put(const std::string& key, ConfigNode value, Location key_where) {
  kind = Kind::map;
  for (auto& entry : entries) {
    if (entry.key == key) {
      entry.value = std::move(value);
      return entry.value;
    }
  }
  entries.push_back({key, std::move(key_where), std::move(value)});
  return entries.back().value;
}

void ConfigNode::erase(const std::string& key) {
  std::erase_if(entries, [&](const MapEntry& e) { return e.key == key; });
}

std::string ConfigNode::describe() const {
  switch (kind) {
    case Kind::null:
      return "nothing";
    case Kind::map:
      return "a map";
    case Kind::sequence:
      return "a list";
    case Kind::scalar:
      return quoted ? "the string \"" + scalar + "\"" : "'" + scalar + "'";
  }
  return "?";
}

ConfigNode parse_yaml(const std::string& text, const std::string& file) {
  if (text.size() > kMaxFileBytes) {
    throw UserError({file, 0, 0}, "",
                    "file too large (expected at most " + std::to_string(kMaxFileBytes >> 20) +
                        " MiB of YAML)");
  }
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const auto line_start = text.rfind('\n', nul);  // npos on the first line
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(nul), '\n');
    const auto column = line_start == std::string::npos ? nul + 1 : nul - line_start;
    throw UserError({file, static_cast<int>(line), static_cast<int>(column)}, "",
                    "not a text file (contains NUL bytes)");
  }
  check_utf8(text, file);
  check_flow_depth(text, file);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own guard (block nesting the bracket scan does not see: "- - - - x").
    throw UserError(location_of(e.mark, file), "",
                    "nesting too deep (expected at most " + std::to_string(kMaxDepth) + " levels)");
  } catch (const YAML::Exception& e) {
    std::string message = e.msg.empty() ? "malformed YAML" : e.msg;
    throw UserError(location_of(e.mark, file), "", "malformed YAML: " + message);
  }
  ConfigNode tree = Converter(file).convert(root, 0);
  if (tree.is_null()) tree.where = {file, 1, 1};
  return tree;
}

ConfigNode load_yaml_file(const std::string& path, std::string* text_out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError({path, 0, 0}, "", "cannot read the file (does it exist?)");
  // At most one chunk more than parse_yaml accepts, so that an endless file (/dev/zero,
  // /dev/urandom) is refused without being read to its end.
  std::string text;
  std::array<char, 1 << 16> chunk;
  while (text.size() <= kMaxFileBytes) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (in.gcount() <= 0) break;
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw UserError({path, 0, 0}, "", "cannot read the file (is it a directory?)");
  ConfigNode tree = parse_yaml(text, path);
  if (text_out != nullptr) *text_out = std::move(text);
  return tree;
}

void merge_into(ConfigNode& base, const ConfigNode& overlay) {
  if (!base.is_map() || !overlay.is_map()) {
    base = overlay;
    return;
  }
  for (const auto& entry : overlay.entries) {
    if (ConfigNode* existing = base.get(entry.key)) {
      merge_into(*existing, entry.value);
    } else {
      base.entries.push_back(entry);
    }
  }
}

std::string emit_yaml(const ConfigNode& node) {
  std::string out;
  emit(node, 0, out);
  return out;
}

ConfigNode scalar_node(std::string text, bool quoted) {
  ConfigNode node;
  node.kind = ConfigNode::Kind::scalar;
  node.scalar = std::move(text);
  node.quoted = quoted;
  return node;
}

}  // namespace sahelsim
