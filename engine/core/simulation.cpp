#include "simulation.hpp"

#include "parallel.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace sahelsim {

namespace {

// What each entry of a ResultsLog is.
enum ResultsTag : std::uint8_t { kRecord = 1, kRegional, kMap, kEvents, kTimeline };

// Delivers the results a ResultsLog holds to `sink`; `on_record` sees each series record.
template <class OnRecord>
void replay_results(std::span<const std::byte> bytes, ResultSink& sink, OnRecord&& on_record) {
  StateArchive in(bytes);
  std::vector<double> values;
  MapBuffer buffer;
  std::vector<Event> batch;
  std::vector<AppliedChange> changes;
  while (in.remaining() > 0) {
    std::uint8_t tag = 0;
    std::int64_t time = 0;
    in(tag, time);
    switch (tag) {
      case kRecord:
        in(values);
        sink.record(time, values);
        on_record(values);
        break;
      case kRegional:
        in(values);
        sink.record_regional(time, values);
        break;
      case kMap: {
        std::uint64_t m = 0;
        in(m, buffer.u8, buffer.f32);
        sink.map(time, static_cast<std::size_t>(m), buffer);
        break;
      }
      case kEvents:
        in(batch);
        sink.events(batch);
        break;
      case kTimeline: {
        std::uint64_t n = 0;
        in(n);
        if (n > in.remaining()) throw StateError("the recorded timeline is damaged");
        changes.resize(static_cast<std::size_t>(n));
        for (AppliedChange& c : changes) in(c.step, c.key, c.value, c.note);
        sink.timeline(changes);
        break;
      }
      default:
        throw StateError("the recorded results are damaged");
    }
  }
}

// Sends results to the run's sink and, when checkpoints keep them, to a ResultsLog too
// (begin and finish go to the run's sink directly).
class Recorder final : public ResultSink {
 public:
  Recorder(ResultSink& sink, bool keep) : sink_(sink), keep_(keep) {}
  void begin(const RunHeader&) override {}
  void record(std::int64_t time, std::span<const double> values) override {
    sink_.record(time, values);
    if (keep_) log_.record(time, values);
  }
  void record_regional(std::int64_t time, std::span<const double> values) override {
    sink_.record_regional(time, values);
    if (keep_) log_.regional(time, values);
  }
  void map(std::int64_t time, std::size_t map, const MapBuffer& buffer) override {
    sink_.map(time, map, buffer);
    if (keep_) log_.map(time, map, buffer);
  }
  void events(std::span<const Event> batch) override {
    sink_.events(batch);
    if (keep_) log_.events(batch);
  }
  void timeline(std::span<const AppliedChange> changes) override {
    sink_.timeline(changes);
    if (keep_) log_.timeline(changes);
  }
  void finish(const RunStats&) override {}
  [[nodiscard]] const ResultsLog& log() const { return log_; }

 private:
  ResultSink& sink_;
  bool keep_;
  ResultsLog log_;
};

void draw_maps(const ModelInfo& info, const Model& model, std::int64_t time, ResultSink& out,
               MapBuffer& buffer) {
  const auto cells = static_cast<std::size_t>(model.grid().cells());
  for (std::size_t m = 0; m < info.maps.size(); ++m) {
    // Only the member of the map's type holds values (the other is left empty, so that a
    // snapshot is the same whatever map came before it).
    if (info.maps[m].type == MapType::u8) {
      buffer.u8.assign(cells, 0);
      buffer.f32.clear();
    } else {
      buffer.f32.assign(cells, 0.0f);
      buffer.u8.clear();
    }
    model.draw_map(m, buffer);
    out.map(time, m, buffer);
  }
}

}  // namespace

void ResultsLog::put(std::uint8_t tag, std::int64_t time) {
  log_(tag, time);
}

void ResultsLog::record(std::int64_t time, std::span<const double> values) {
  put(kRecord, time);
  log_.save(values);
}

void ResultsLog::regional(std::int64_t time, std::span<const double> values) {
  put(kRegional, time);
  log_.save(values);
}

void ResultsLog::map(std::int64_t time, std::size_t map, const MapBuffer& buffer) {
  put(kMap, time);
  std::uint64_t m = map;
  log_(m);
  log_.save(std::span<const std::uint8_t>(buffer.u8));
  log_.save(std::span<const float>(buffer.f32));
}

void ResultsLog::events(std::span<const Event> batch) {
  put(kEvents, 0);
  std::vector<Event> v(batch.begin(), batch.end());  // member by member (Event has padding)
  log_(v);
}

void ResultsLog::timeline(std::span<const AppliedChange> changes) {
  put(kTimeline, 0);
  std::uint64_t n = changes.size();
  log_(n);
  for (AppliedChange c : changes) log_(c.step, c.key, c.value, c.note);
}

ParamSet params_before(const ScenarioSpec& spec, std::int64_t step, Timeline& timeline) {
  ParamSet params = spec.params;
  timeline = spec.timeline;
  std::vector<std::size_t> changed;
  std::vector<AppliedChange> applied;
  for (std::int64_t t = 0; t < step; ++t) {
    changed.clear();
    applied.clear();
    timeline.apply(t, params, changed, applied);
  }
  return params;
}

std::vector<Diagnostic> check_fork(const ScenarioSpec& spec, const RunCheckpoint& checkpoint) {
  std::vector<Diagnostic> out;
  const ScenarioSpec& base = *checkpoint.spec;
  const Location file{spec.sources.empty() ? spec.name : spec.sources.front().path, 0, 0};
  const auto differ = [&](const std::string& key, const std::string& expected,
                          const std::string& got, const std::string& why) {
    out.push_back({file, key, why + " (expected " + expected + ", got " + got + ")"});
  };
  if (spec.model != base.model) {
    differ("model", base.model, spec.model, "a fork continues the checkpoint's model");
    return out;
  }
  if (spec.seed != base.seed) {
    differ("seed", std::to_string(base.seed), std::to_string(spec.seed),
           "a fork continues the checkpoint's random streams");
  }
  if (spec.steps < checkpoint.step) {
    differ("steps", "at least " + std::to_string(checkpoint.step), std::to_string(spec.steps),
           "a fork runs past the checkpoint's step");
  }
  const auto calendar_text = [](const std::optional<Calendar>& c) {
    return c ? format_date(c->start) + " every " + std::to_string(c->step_days) + "d"
             : std::string("none");
  };
  if (calendar_text(spec.calendar) != calendar_text(base.calendar)) {
    differ("calendar", calendar_text(base.calendar), calendar_text(spec.calendar),
           "a fork keeps the checkpoint's calendar");
  }
  if (spec.output.every != base.output.every) {
    differ("output.every", std::to_string(base.output.every), std::to_string(spec.output.every),
           "a fork records as the checkpoint's run did");
  }
  if (spec.output.maps_every != base.output.maps_every) {
    differ("output.maps_every", std::to_string(base.output.maps_every),
           std::to_string(spec.output.maps_every), "a fork records as the checkpoint's run did");
  }
  if (spec.output.events != base.output.events) {
    differ("output.events", base.output.events ? "true" : "false",
           spec.output.events ? "true" : "false", "a fork records as the checkpoint's run did");
  }
  const Schema& schema = spec.params.schema();
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const ParamSpec& p = schema.at(i);
    if (p.timeline || spec.params.value(i) == base.params.value(i)) continue;
    out.push_back({spec.params.origin(i).known() ? spec.params.origin(i) : file, p.key,
                   "cannot differ from the checkpoint's run: it is fixed when a run starts "
                   "(expected " +
                       format_value(base.params.value(i)) + ", got " +
                       format_value(spec.params.value(i)) + ")"});
  }
  return out;
}

RunStats run_simulation(const ModelInfo& info, const ScenarioSpec& spec, ResultSink& sink,
                        const RunControl& control) {
  ScenarioSpec running = spec;  // the timeline changes parameters as the run goes
  const RunCheckpoint* resume = control.resume;
  const std::int64_t first_step = resume != nullptr ? resume->step : 0;

  // A resumed or forked run starts from a model made with the parameters in force at the
  // checkpoint (by the checkpoint's own scenario), then restored from the saved state.
  ParamSet at_checkpoint;
  if (resume != nullptr) {
    Timeline unused;
    at_checkpoint = params_before(*resume->spec, first_step, unused);
  }
  const ParamSet& create_with = resume != nullptr ? at_checkpoint : running.params;
  std::unique_ptr<Model> model = info.create({create_with, running.seed, spec.calendar});
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
  RunStats stats;
  const auto note_record = [&] {
    if (stats.minimum.empty()) {
      stats.minimum = stats.maximum = stats.total = recorded;
      return;
    }
    for (std::size_t i = 0; i < n_series; ++i) {
      stats.minimum[i] = std::min(stats.minimum[i], recorded[i]);
      stats.maximum[i] = std::max(stats.maximum[i], recorded[i]);
      stats.total[i] += recorded[i];
    }
  };
  const bool keep_results = control.checkpoint_every > 0 && static_cast<bool>(control.checkpoint);
  Recorder out(sink, keep_results);
  // The run's own state, saved or restored (StateArchive::loading()): the recorder's running
  // sums, then the model's.
  const auto persist_run = [&](StateArchive& ar) {
    ar.section("run");
    ar.expect(n_series, "the number of series");
    ar.expect(n_regional, "the number of regional values");
    ar(flow_sum, regional_sum);
    ar.section("model");
    model->persist(ar);
  };
  const bool maps_on = spec.output.maps_every > 0 && !info.maps.empty();

  std::vector<std::size_t> changed;
  std::vector<AppliedChange> applied;
  if (resume == nullptr) {
    // Time 0: the initial state. Flows have not happened yet.
    model->measure(now);
    for (std::size_t i = 0; i < n_series; ++i) {
      recorded[i] = info.series[i].kind == SeriesKind::stock ? now[i] : 0.0;
    }
    out.record(0, recorded);
    note_record();
    if (n_regional > 0) {
      model->measure_regional(regional_now);
      for (std::size_t k = 0; k < n_regional; ++k) {
        regional_recorded[k] = regional_is_flow(k) ? 0.0 : regional_now[k];
      }
      out.record_regional(0, regional_recorded);
    }
    if (maps_on) draw_maps(info, *model, 0, out, buffer);
  } else {
    StateArchive in(resume->state);
    persist_run(in);
    if (in.remaining() != 0) throw StateError("the state has bytes left over");
    replay_results(resume->results, out, [&](const std::vector<double>& values) {
      if (values.size() != n_series) throw StateError("damaged series record");
      recorded = values;
      note_record();
    });
    stats.steps_done = first_step;

    // The scenario's own parameters at the checkpoint's step (its timeline replayed): a fork
    // applies where they differ from the checkpoint's, before that step runs.
    running.params = params_before(spec, first_step, running.timeline);
    for (std::size_t i = 0; i < running.params.schema().size(); ++i) {
      if (running.params.value(i) == at_checkpoint.value(i)) continue;
      changed.push_back(i);
      applied.push_back({first_step, running.params.schema().at(i).key,
                         format_value(running.params.value(i)),
                         "fork from a checkpoint after step " + std::to_string(first_step)});
    }
  }

  EventLog events(spec.output.events);
  StepContext context{.step = 0, .seed = spec.seed, .params = &running.params, .events = &events};

  const auto save_checkpoint = [&](std::int64_t time) {
    StateArchive state;
    persist_run(state);
    control.checkpoint(RunCheckpoint{&spec, time, out.log().bytes(), state.bytes(), keep_results});
  };

  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t step = first_step; step < spec.steps; ++step) {
    running.timeline.apply(step, running.params, changed, applied);  // after a fork's own
    if (!changed.empty()) {
      model->on_params_changed(running.params, changed, step);
      out.timeline(applied);
      changed.clear();
      applied.clear();
    }

    context.step = step;
    schedule.run(context);
    if (!events.pending().empty()) {
      out.events(events.pending());
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
      out.record(time, recorded);
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
        out.record_regional(time, regional_recorded);
      }
    }
    if (maps_on && time % spec.output.maps_every == 0) draw_maps(info, *model, time, out, buffer);

    stats.steps_done = time;
    if (control.progress) control.progress(time, spec.steps);
    const bool stopping = control.stop != nullptr && control.stop->load() && time < spec.steps;
    if (control.checkpoint && ((control.checkpoint_every > 0 &&
                                (time % control.checkpoint_every == 0 || time == spec.steps)) ||
                               stopping)) {
      save_checkpoint(time);
    }
    if (stopping) {
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
