#include <doctest/doctest.h>

#include "io/config_tree.hpp"

using namespace sahelsim;

namespace {
std::string error_of(const std::string& text) {
  try {
    (void)parse_yaml(text, "t.yaml");
  } catch (const UserError& e) {
    return e.what();
  }
  return {};
}
}  // namespace

TEST_CASE("every node remembers its file, line and column") {
  const ConfigNode root = parse_yaml("model: epstein\nparams:\n  legitimacy: 0.8\n", "s.yaml");
  REQUIRE(root.is_map());
  const ConfigNode* params = root.get("params");
  REQUIRE(params != nullptr);
  const ConfigNode* l = params->get("legitimacy");
  REQUIRE(l != nullptr);
  CHECK(l->scalar == "0.8");
  CHECK(l->where.str() == "s.yaml:3:15");
  CHECK(params->entries[0].key_where.str() == "s.yaml:3:3");
}

TEST_CASE("quoted scalars are marked as strings") {
  const ConfigNode root = parse_yaml("a: '5'\nb: 5\nc: \"x\"\n", "s.yaml");
  CHECK(root.get("a")->quoted);
  CHECK_FALSE(root.get("b")->quoted);
  CHECK(root.get("c")->quoted);
}

TEST_CASE("duplicate keys are an error naming both places") {
  const std::string message = error_of("seed: 1\nsteps: 5\nseed: 2\n");
  CHECK(message.find("t.yaml:3:1: seed: duplicate key (first given at t.yaml:1:1)") == 0);
}

TEST_CASE("malformed YAML is reported with its position") {
  CHECK(error_of("params: {legitimacy: [0.5}\n").find("t.yaml:1:") == 0);
  CHECK(error_of("params: {legitimacy: [0.5}\n").find("malformed YAML") != std::string::npos);
}

TEST_CASE("hostile documents are refused quickly") {
  // Billion laughs: nine levels of ten aliases each.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char previous = 'a';
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + previous;
    bomb += "]\n";
    previous = c;
  }
  CHECK(error_of(bomb).find("too large after expanding aliases") != std::string::npos);
  CHECK(error_of("a: " + std::string(100000, '[')).find("nesting too deep") != std::string::npos);
  CHECK(error_of(std::string("a: 1\nb: \xff\xfe\n")).find("t.yaml:2:4: invalid UTF-8") == 0);
  CHECK(error_of(std::string("a: 1\0b: 2", 9)).find("NUL") != std::string::npos);
}

TEST_CASE("merging: maps merge key by key, everything else replaces") {
  ConfigNode base = parse_yaml("a: 1\nm: {x: 1, y: 2}\nl: [1, 2]\n", "base.yaml");
  const ConfigNode child = parse_yaml("m: {y: 3, z: 4}\nl: [9]\nb: 2\n", "child.yaml");
  merge_into(base, child);
  CHECK(base.get("a")->scalar == "1");
  CHECK(base.get("m")->get("x")->scalar == "1");
  CHECK(base.get("m")->get("y")->scalar == "3");
  CHECK(base.get("m")->get("y")->where.file == "child.yaml");
  CHECK(base.get("m")->get("z")->scalar == "4");
  REQUIRE(base.get("l")->items.size() == 1);
  CHECK(base.get("l")->items[0].scalar == "9");
  CHECK(base.get("b")->scalar == "2");
}

TEST_CASE("emitted YAML parses back to the same tree") {
  const std::string text =
      "model: epstein\nname: \"a: tricky # name\"\nparams:\n  x: 1.5\n  flag: true\n"
      "timeline:\n  - at: 5\n    set:\n      params.x: 2.0\n    note: \"yes\"\nempty: []\n";
  const ConfigNode first = parse_yaml(text, "a.yaml");
  const std::string emitted = emit_yaml(first);
  const ConfigNode second = parse_yaml(emitted, "b.yaml");
  CHECK(emit_yaml(second) == emitted);
  CHECK(second.get("name")->scalar == "a: tricky # name");
  CHECK(second.get("timeline")->items[0].get("note")->scalar == "yes");
}
