#include "schedule.hpp"

#include "parallel.hpp"

namespace sahelsim {

void Schedule::serial(std::string name, SerialBody body) {
  Phase phase;
  phase.name = std::move(name);
  phase.serial = std::move(body);
  phases_.push_back(std::move(phase));
}

void Schedule::parallel(std::string name, Extent extent, std::size_t grain, Kernel kernel) {
  Phase phase;
  phase.name = std::move(name);
  phase.extent = std::move(extent);
  phase.grain = grain == 0 ? 1 : grain;
  phase.kernel = std::move(kernel);
  phases_.push_back(std::move(phase));
}

void Schedule::run(StepContext& context) {
  for (Phase& phase : phases_) {
    const auto start = std::chrono::steady_clock::now();
    if (phase.serial) {
      phase.serial(context);
    } else {
      for (AgentStore* store : guarded_) store->lock();
      const std::size_t n = phase.extent();
      const StepContext& read_only = context;
      parallel::for_range(0, n, phase.grain, [&](std::size_t first, std::size_t last) {
        phase.kernel(read_only, first, last);
      });
      for (AgentStore* store : guarded_) store->unlock();
    }
    phase.elapsed += std::chrono::steady_clock::now() - start;
  }
}

std::vector<Schedule::PhaseTiming> Schedule::timings() const {
  std::vector<PhaseTiming> out;
  for (const Phase& phase : phases_) {
    out.push_back(
        {phase.name, !phase.serial, std::chrono::duration<double>(phase.elapsed).count()});
  }
  return out;
}

}  // namespace sahelsim
