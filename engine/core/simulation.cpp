#include "simulation.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace sahelsim {

namespace {

void draw_maps(const ModelInfo& info, const Model& model, std::int64_t time, ResultSink& sink,
               MapBuffer& buffer) {
  const auto cells = static_cast<std::size_t>(model.grid().cells());
  for (std::size_t m = 0; m < info.maps.size(); ++m) {
    if (info.maps[m].type == MapType::u8) {
      buffer.u8.assign(cells, 0);
    } else {
      buffer.f32.assign(cells, 0.0f);
    }
    model.draw_map(m, buffer);
    sink.map(time, m, buffer);
  }
}

}  // namespace

RunStats run_simulation(const ModelInfo& info, const ScenarioSpec& spec, ResultSink& sink,
                        const RunControl& control) {
  ScenarioSpec running = spec;  // the timeline changes parameters as the run goes
  std::unique_ptr<Model> model = info.create({running.params, running.seed, spec.calendar});
  Schedule schedule;
  model->schedule(schedule);

  RunHeader header{&info,
                   &spec,
                   &model->grid(),
                   parallel::max_threads(),
                   model->geography(),
                   info.regional.empty() ? 0 : model->regions(),
                   model->places()};
  sink.begin(header);

  // Regional series: the same stock/flow rules, [series * regions + region].
  const std::size_t n_regional = info.regional.size() * header.regions;
  std::vector<double> regional_now(n_regional, 0.0), regional_sum(n_regional, 0.0),
      regional_recorded(n_regional, 0.0);
  const auto regional_is_flow = [&](std::size_t k) {
    return info.regional[k / header.regions].kind == SeriesKind::flow;
  };

  const std::size_t n_series = info.series.size();
  std::vector<double> now(n_series, 0.0);
  std::vector<double> recorded(n_series, 0.0);
  std::vector<double> flow_sum(n_series, 0.0);
  MapBuffer buffer;

  // Time 0: the initial state. Flows have not happened yet.
  model->measure(now);
  for (std::size_t i = 0; i < n_series; ++i) {
    recorded[i] = info.series[i].kind == SeriesKind::stock ? now[i] : 0.0;
  }
  RunStats stats;
  stats.minimum = recorded;
  stats.maximum = recorded;
  stats.total = recorded;
  const auto note_record = [&] {
    for (std::size_t i = 0; i < n_series; ++i) {
      stats.minimum[i] = std::min(stats.minimum[i], recorded[i]);
      stats.maximum[i] = std::max(stats.maximum[i], recorded[i]);
      stats.total[i] += recorded[i];
    }
  };
  sink.record(0, recorded);
  if (n_regional > 0) {
    model->measure_regional(regional_now);
    for (std::size_t k = 0; k < n_regional; ++k) {
      regional_recorded[k] = regional_is_flow(k) ? 0.0 : regional_now[k];
    }
    sink.record_regional(0, regional_recorded);
  }
  const bool maps_on = spec.output.maps_every > 0 && !info.maps.empty();
  if (maps_on) draw_maps(info, *model, 0, sink, buffer);

  EventLog events(spec.output.events);
  StepContext context{.step = 0, .seed = spec.seed, .params = &running.params, .events = &events};
  std::vector<std::size_t> changed;
  std::vector<AppliedChange> applied;

  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t step = 0; step < spec.steps; ++step) {
    changed.clear();
    applied.clear();
    running.timeline.apply(step, running.params, changed, applied);
    if (!changed.empty()) {
      model->on_params_changed(running.params, changed, step);
      sink.timeline(applied);
    }

    context.step = step;
    schedule.run(context);
    if (!events.pending().empty()) {
      sink.events(events.pending());
      events.clear();
    }

    model->measure(now);
    for (std::size_t i = 0; i < n_series; ++i) {
      if (info.series[i].kind == SeriesKind::flow) flow_sum[i] += now[i];
    }
    const std::int64_t time = step + 1;
    if (time % spec.output.every == 0 || time == spec.steps) {
      for (std::size_t i = 0; i < n_series; ++i) {
        const bool flow = info.series[i].kind == SeriesKind::flow;
        recorded[i] = flow ? flow_sum[i] : now[i];
        if (flow) flow_sum[i] = 0.0;
      }
      sink.record(time, recorded);
      note_record();
    }
    if (n_regional > 0) {
      model->measure_regional(regional_now);
      for (std::size_t k = 0; k < n_regional; ++k) {
        if (regional_is_flow(k)) regional_sum[k] += regional_now[k];
      }
      if (time % spec.output.every == 0 || time == spec.steps) {
        for (std::size_t k = 0; k < n_regional; ++k) {
          regional_recorded[k] = regional_is_flow(k) ? regional_sum[k] : regional_now[k];
          if (regional_is_flow(k)) regional_sum[k] = 0.0;
        }
        sink.record_regional(time, regional_recorded);
      }
    }
    if (maps_on && time % spec.output.maps_every == 0) draw_maps(info, *model, time, sink, buffer);

    stats.steps_done = time;
    if (control.progress) control.progress(time, spec.steps);
    if (control.stop != nullptr && control.stop->load() && time < spec.steps) {
      stats.interrupted = true;
      break;
    }
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stats.complete = stats.steps_done == spec.steps;
  stats.footprint = model->footprint();
  stats.last_values = recorded;
  stats.phases = schedule.timings();
  sink.finish(stats);
  return stats;
}

void MemorySink::begin(const RunHeader& header) {
  names.clear();
  for (const auto& s : header.model->series) names.push_back(s.name);
  series.assign(names.size(), {});
  regional_names.clear();
  for (const auto& s : header.model->regional) regional_names.push_back(s.name);
  regions = header.regions;
  regional.clear();
  maps.assign(header.model->maps.size(), {});
}

void MemorySink::record(std::int64_t time, std::span<const double> values) {
  times.push_back(time);
  for (std::size_t i = 0; i < values.size(); ++i) series[i].push_back(values[i]);
}

void MemorySink::record_regional(std::int64_t, std::span<const double> values) {
  regional.emplace_back(values.begin(), values.end());
}

std::vector<double> MemorySink::regional_values(const std::string& name, std::size_t record) const {
  for (std::size_t i = 0; i < regional_names.size(); ++i) {
    if (regional_names[i] != name) continue;
    const auto begin = regional.at(record).begin() + static_cast<std::ptrdiff_t>(i * regions);
    return {begin, begin + static_cast<std::ptrdiff_t>(regions)};
  }
  throw std::out_of_range("no regional series " + name);
}

void MemorySink::map(std::int64_t time, std::size_t map, const MapBuffer& buffer) {
  if (map == 0) map_times.push_back(time);
  maps[map].push_back(buffer);
}

void MemorySink::events(std::span<const Event> batch) {
  event_log.insert(event_log.end(), batch.begin(), batch.end());
}

void MemorySink::timeline(std::span<const AppliedChange> batch) {
  changes.insert(changes.end(), batch.begin(), batch.end());
}

void MemorySink::finish(const RunStats& stats) {
  finished = true;
  complete = stats.complete;
}

const std::vector<double>& MemorySink::values(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return series[i];
  }
  throw std::out_of_range("no series " + name);
}

}  // namespace sahelsim
