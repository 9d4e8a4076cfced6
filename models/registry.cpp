#include "registry.hpp"

#include "epstein/epstein.hpp"

namespace sahelsim {

const ModelRegistry& builtin_models() {
  static const ModelRegistry registry = [] {
    ModelRegistry r;
    epstein::register_model(r);  // one line per model
    return r;
  }();
  return registry;
}

}  // namespace sahelsim
