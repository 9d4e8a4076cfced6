#include "schedule.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

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
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, phase.grain),
                        [&](const tbb::blocked_range<std::size_t>& range) {
                          phase.kernel(read_only, range.begin(), range.end());
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
