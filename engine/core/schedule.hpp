// A step as an ordered list of named phases (STYLE.md §2).
//
// A parallel phase is a kernel over an index range (agents, cells or rows) that reads the
// state left by earlier phases and writes only its own items or per-item intents; the
// engine runs it with parallel::for_range (oneTBB). A serial phase applies intents in a fixed
// order: only there may agents be created, removed or moved between cells. Agent stores handed to
// guard() are locked during parallel phases, so a structural change there is caught.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "agent_store.hpp"
#include "output.hpp"
#include "params.hpp"

namespace sahelsim {

struct StepContext {
  std::int64_t step = 0;
  std::uint64_t seed = 0;
  const ParamSet* params = nullptr;
  EventLog* events = nullptr;
};

class Schedule {
 public:
  using SerialBody = std::function<void(StepContext&)>;
  using Kernel = std::function<void(const StepContext&, std::size_t begin, std::size_t end)>;
  using Extent = std::function<std::size_t()>;

  void serial(std::string name, SerialBody body);
  // `extent` is evaluated when the phase starts (the number of items may change between
  // steps); `grain` is the smallest chunk handed to one task.
  void parallel(std::string name, Extent extent, std::size_t grain, Kernel kernel);
  void guard(AgentStore& store) { guarded_.push_back(&store); }

  void run(StepContext& context);

  struct PhaseTiming {
    std::string name;
    bool parallel;
    double seconds;  // accumulated wall time
  };
  [[nodiscard]] std::vector<PhaseTiming> timings() const;
  [[nodiscard]] std::size_t size() const { return phases_.size(); }

 private:
  struct Phase {
    std::string name;
    SerialBody serial;
    Extent extent;
    std::size_t grain = 1;
    Kernel kernel;
    std::chrono::steady_clock::duration elapsed{};
  };
  std::vector<Phase> phases_;
  std::vector<AgentStore*> guarded_;
};

}  // namespace sahelsim
