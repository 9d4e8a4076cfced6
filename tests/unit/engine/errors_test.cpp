#include <doctest/doctest.h>

#include "core/errors.hpp"

using namespace sahelsim;

TEST_CASE("diagnostics read file:line:col: key: message") {
  Diagnostic d;
  d.where = Location{"scenarios/x.yaml", 12, 5};
  d.key = "params.legitimacy";
  d.message = "out of range";
  CHECK(d.str() == "scenarios/x.yaml:12:5: params.legitimacy: out of range");
  d.key.clear();
  d.message = "malformed YAML";
  CHECK(d.str() == "scenarios/x.yaml:12:5: malformed YAML");
}

TEST_CASE("a user error holds every diagnostic, one per line") {
  DiagnosticList list;
  CHECK_NOTHROW(list.throw_if_any());
  list.add({"a.yaml", 1, 1}, "steps", "missing");
  list.add({"a.yaml", 4, 3}, "seed", "wrong type");
  try {
    list.throw_if_any();
    FAIL("expected a UserError");
  } catch (const UserError& e) {
    CHECK(std::string(e.what()) == "a.yaml:1:1: steps: missing\na.yaml:4:3: seed: wrong type");
    CHECK(e.diagnostics().size() == 2);
  }
}

TEST_CASE("the nearest key is suggested for a typo and nothing for a stranger") {
  const std::vector<std::string> keys = {"model", "seed", "steps", "params", "output"};
  CHECK(edit_distance("steeps", "steps") == 1);
  CHECK(nearest("steeps", keys) == "steps");
  CHECK(nearest("modle", keys) == "model");
  CHECK(nearest("zzzzzzzzzz", keys).empty());
  CHECK(suggestion("steeps", keys) == " (did you mean 'steps'?)");
  CHECK(suggestion("zzzzzzzzzz", keys).find("valid: model, seed") != std::string::npos);
}
