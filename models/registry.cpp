#include "registry.hpp"

#include "bennett/bennett.hpp"
#include "deffuant/deffuant.hpp"
#include "epstein/epstein.hpp"
#include "flee/flee.hpp"
#include "sahel/sahel.hpp"

namespace sahelsim {

const ModelRegistry& builtin_models() {
  static const ModelRegistry registry = [] {
    ModelRegistry r;
    epstein::register_model(r);  // one line per model
    sahel::register_model(r);
    deffuant::register_model(r);
    bennett::register_model(r);
    flee::register_model(r);
    return r;
  }();
  return registry;
}

}  // namespace sahelsim
