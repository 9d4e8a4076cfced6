// Every model compiled into this build, by name. The engine never names a model; the
// executable and the tests get the list from here.
#pragma once

#include "core/model.hpp"

namespace sahelsim {

[[nodiscard]] const ModelRegistry& builtin_models();

}  // namespace sahelsim
