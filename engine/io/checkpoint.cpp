#include "checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <type_traits>
#include <variant>

#include "core/errors.hpp"
#include "core/state_archive.hpp"
#include "core/version.hpp"
#include "h5.hpp"
#include "results_reader.hpp"

namespace sahelsim {

namespace {

constexpr char kMagic[] = "sahelsim checkpoint\n";
constexpr std::size_t kMagicSize = sizeof kMagic - 1;
constexpr std::size_t kHeaderSize = kMagicSize + 4 + 8 + 8;

constexpr std::uint64_t kFnvBasis = 0xcbf29ce484222325ULL;

// FNV-1a 64, continued from `hash`.
std::uint64_t fnv1a(std::span<const std::byte> bytes, std::uint64_t hash) {
  for (const std::byte b : bytes) {
    hash ^= static_cast<std::uint64_t>(b);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string this_engine() {
  return std::string(engine_version()) + " (" + std::string(git_commit()) + ")";
}

void persist(StateArchive& ar, Location& where) {
  ar(where.file, where.line, where.column);
}

void persist(StateArchive& ar, ParamValue& value) {
  std::uint8_t kind = static_cast<std::uint8_t>(value.index());
  ar(kind);
  if (ar.saving()) {
    std::visit(
        [&](auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (!std::is_same_v<T, std::monostate>) ar(v);
        },
        value);
    return;
  }
  switch (kind) {
    case 0:
      value = std::monostate{};
      break;
    case 1: {
      double v = 0;
      ar(v);
      value = v;
      break;
    }
    case 2: {
      std::int64_t v = 0;
      ar(v);
      value = v;
      break;
    }
    case 3: {
      bool v = false;
      ar(v);
      value = v;
      break;
    }
    case 4: {
      std::string v;
      ar(v);
      value = std::move(v);
      break;
    }
    default:
      throw StateError("a parameter value of unknown type");
  }
}

// The scenario; loading takes the model's schema from the registry.
void persist(StateArchive& ar, ScenarioSpec& spec, const ModelRegistry* models) {
  ar.section("scenario");
  ar(spec.model, spec.name, spec.description, spec.seed, spec.steps);
  std::uint8_t has_calendar = spec.calendar.has_value() ? 1 : 0;
  ar(has_calendar);
  if (has_calendar != 0) {
    if (ar.loading()) spec.calendar.emplace();
    ar(spec.calendar->start, spec.calendar->step_days);
  }
  ar(spec.output.file, spec.output.every, spec.output.maps_every, spec.output.events);

  if (ar.loading()) {
    const ModelInfo* info = models->find(spec.model);
    if (info == nullptr) throw StateError("model '" + spec.model + "' is not in this build");
    spec.params = ParamSet(info->schema);
  }
  const Schema& schema = spec.params.schema();
  const auto key_index = [&](const std::string& key) {
    const auto i = schema.find(key);
    if (!i) throw StateError("parameter " + key + " is not in this build's model " + spec.model);
    return *i;
  };

  ar.section("params");
  std::uint64_t n = schema.size();
  ar(n);
  if (ar.loading() && n != schema.size()) {
    throw StateError("the model's parameters differ from this build's");
  }
  for (std::size_t k = 0; k < n; ++k) {
    std::string key = ar.saving() ? schema.at(k).key : std::string();
    ParamValue value = ar.saving() ? spec.params.value(k) : ParamValue{};
    Location origin = ar.saving() ? spec.params.origin(k) : Location{};
    ar(key);
    persist(ar, value);
    persist(ar, origin);
    if (ar.loading()) spec.params.set(key_index(key), std::move(value), std::move(origin));
  }

  ar.section("timeline");
  std::vector<TimelineEntry> entries =
      ar.saving() ? spec.timeline.entries() : std::vector<TimelineEntry>{};
  std::uint64_t count = entries.size();
  ar(count);
  if (ar.loading()) {
    if (count > ar.remaining()) throw StateError("the timeline is damaged");
    entries.resize(static_cast<std::size_t>(count));
  }
  for (TimelineEntry& e : entries) {
    ar(e.at, e.until, e.ramp, e.note, e.at_text, e.until_text);
    persist(ar, e.where);
    std::uint64_t changes = e.changes.size();
    ar(changes);
    if (ar.loading()) {
      if (changes > ar.remaining()) throw StateError("the timeline is damaged");
      e.changes.resize(static_cast<std::size_t>(changes));
    }
    for (auto& [index, value] : e.changes) {
      std::string key = ar.saving() ? schema.at(index).key : std::string();
      ar(key);
      if (ar.loading()) index = key_index(key);
      persist(ar, value);
    }
  }
  if (ar.loading()) {
    spec.timeline = Timeline();
    for (TimelineEntry& e : entries) spec.timeline.add(std::move(e));
  }

  ar.section("sources");
  ar(spec.resolved_yaml);
  std::uint64_t sources = spec.sources.size();
  ar(sources);
  if (ar.loading()) {
    if (sources > ar.remaining()) throw StateError("the sources are damaged");
    spec.sources.resize(static_cast<std::size_t>(sources));
  }
  for (SourceText& s : spec.sources) ar(s.path, s.text);
}

}  // namespace

void write_checkpoint(const std::string& path, const RunCheckpoint& checkpoint,
                      const std::string& results_path) {
  StateArchive ar;
  std::string engine = this_engine();
  ScenarioSpec spec = *checkpoint.spec;
  std::int64_t step = checkpoint.step;
  std::string results = results_path;
  std::uint64_t results_size = checkpoint.results.size(), state_size = checkpoint.state.size();
  ar.section("checkpoint");
  ar(engine);
  persist(ar, spec, nullptr);
  ar(step, results, results_size, state_size);
  const std::span<const std::byte> parts[] = {ar.bytes(), checkpoint.results, checkpoint.state};

  std::uint64_t size = 0, hash = kFnvBasis;
  for (const auto part : parts) {
    size += part.size();
    hash = fnv1a(part, hash);
  }
  std::vector<std::byte> header(kHeaderSize);
  std::memcpy(header.data(), kMagic, kMagicSize);
  const std::uint32_t version = kCheckpointFormatVersion;
  std::memcpy(header.data() + kMagicSize, &version, 4);
  std::memcpy(header.data() + kMagicSize + 4, &size, 8);
  std::memcpy(header.data() + kMagicSize + 12, &hash, 8);

  const std::string tmp = path + ".tmp";
  const auto failure = [&](const std::string& why) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    return std::runtime_error(path + ": cannot write the checkpoint (" + why + ")");
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw failure(std::strerror(errno));
  const auto write_all = [&](std::span<const std::byte> bytes) {
    const std::byte* data = bytes.data();
    std::size_t n = bytes.size();
    while (n > 0) {
      const ssize_t w = ::write(fd, data, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        const std::string why = std::strerror(errno);
        ::close(fd);
        throw failure(why);
      }
      data += w;
      n -= static_cast<std::size_t>(w);
    }
  };
  write_all(header);
  for (const auto part : parts) write_all(part);
  if (::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    throw failure(why);
  }
  if (::close(fd) != 0) throw failure(std::strerror(errno));
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw failure(ec.message());
}

ResultsLog read_results_log(const std::string& path, const ModelInfo& model) {
  return reading_results(path, [&] {
    const ResultsFile file(path);
    const hid_t root = file.id();
    const auto fail = [&](const std::string& what) {
      return UserError(Location{path, 0, 0}, "", "cannot read back the results: " + what);
    };
    ResultsLog log;
    const std::vector<std::int64_t> steps = h5::read_int64s(root, "step");
    const std::size_t records = steps.size();
    std::vector<std::vector<double>> series;
    for (const auto& s : model.series) {
      series.push_back(h5::read_doubles(root, "series/" + s.name));
      if (series.back().size() != records) throw fail("series " + s.name + " is out of step");
    }
    const std::string places = model.regional_dimension + "s/series/";
    std::vector<std::vector<double>> regional;
    std::size_t regions = 0;
    if (!model.regional.empty() && h5::exists(root, places + model.regional.front().name)) {
      for (const auto& s : model.regional) {
        regional.push_back(h5::read_doubles(root, places + s.name));
        if (records == 0 || regional.back().size() % records != 0 ||
            (regions != 0 && regional.back().size() / records != regions)) {
          throw fail("per-place series " + s.name + " is out of step");
        }
        regions = regional.back().size() / records;
      }
    }
    std::vector<double> row(series.size()), places_row(regional.size() * regions);
    for (std::size_t k = 0; k < records; ++k) {
      for (std::size_t i = 0; i < series.size(); ++i) row[i] = series[i][k];
      log.record(steps[k], row);
      if (regional.empty()) continue;
      for (std::size_t i = 0; i < regional.size(); ++i) {
        std::copy_n(regional[i].begin() + static_cast<std::ptrdiff_t>(k * regions), regions,
                    places_row.begin() + static_cast<std::ptrdiff_t>(i * regions));
      }
      log.regional(steps[k], places_row);
    }

    if (!model.maps.empty() && h5::exists(root, "map_time")) {
      const std::vector<std::int64_t> times = h5::read_int64s(root, "map_time");
      std::vector<std::vector<std::uint8_t>> u8(model.maps.size());
      std::vector<std::vector<float>> f32(model.maps.size());
      std::size_t cells = 0;
      for (std::size_t m = 0; m < model.maps.size(); ++m) {
        const std::string name = "maps/" + model.maps[m].name;
        std::size_t n = 0;
        if (model.maps[m].type == MapType::u8) {
          u8[m] = h5::read_uint8s(root, name);
          n = u8[m].size();
        } else {
          f32[m] = h5::read_floats(root, name);
          n = f32[m].size();
        }
        if (times.empty() || n % times.size() != 0 || (cells != 0 && n / times.size() != cells)) {
          throw fail("map " + model.maps[m].name + " is out of step");
        }
        cells = n / times.size();
      }
      MapBuffer buffer;
      for (std::size_t k = 0; k < times.size(); ++k) {
        const auto at = static_cast<std::ptrdiff_t>(k * cells);
        for (std::size_t m = 0; m < model.maps.size(); ++m) {
          if (model.maps[m].type == MapType::u8) {
            buffer.u8.assign(u8[m].begin() + at,
                             u8[m].begin() + at + static_cast<std::ptrdiff_t>(cells));
            buffer.f32.clear();
          } else {
            buffer.f32.assign(f32[m].begin() + at,
                              f32[m].begin() + at + static_cast<std::ptrdiff_t>(cells));
            buffer.u8.clear();
          }
          log.map(times[k], m, buffer);
        }
      }
    }

    if (h5::exists(root, "events/step")) {
      const auto step = h5::read_int64s(root, "events/step"),
                 kind = h5::read_int64s(root, "events/kind"),
                 cell = h5::read_int64s(root, "events/cell"),
                 actor = h5::read_int64s(root, "events/actor"),
                 target = h5::read_int64s(root, "events/target"),
                 count = h5::read_int64s(root, "events/count");
      const std::size_t n = step.size();
      if (kind.size() != n || cell.size() != n || actor.size() != n || target.size() != n ||
          count.size() != n) {
        throw fail("the event table's columns differ in length");
      }
      std::vector<Event> events(n);
      for (std::size_t i = 0; i < n; ++i) {
        events[i] = {step[i],
                     static_cast<std::int32_t>(kind[i]),
                     static_cast<std::int32_t>(cell[i]),
                     actor[i],
                     target[i],
                     static_cast<std::int32_t>(count[i])};
      }
      if (n > 0) log.events(events);
    }

    if (h5::exists(root, "timeline/step")) {
      const auto step = h5::read_int64s(root, "timeline/step");
      const auto key = h5::read_strings(root, "timeline/key"),
                 value = h5::read_strings(root, "timeline/value"),
                 note = h5::read_strings(root, "timeline/note");
      const std::size_t n = step.size();
      if (key.size() != n || value.size() != n || note.size() != n) {
        throw fail("the timeline table's columns differ in length");
      }
      std::vector<AppliedChange> changes(n);
      for (std::size_t i = 0; i < n; ++i) changes[i] = {step[i], key[i], value[i], note[i]};
      if (n > 0) log.timeline(changes);
    }
    return log;
  });
}

CheckpointFile read_checkpoint(const std::string& path, const ModelRegistry& models) {
  const auto fail = [&](const std::string& what) {
    return UserError(Location{path, 0, 0}, "", what);
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw fail("is a directory, not a checkpoint");
  CheckpointFile file;
  file.path = path;
  {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw fail("cannot read the file");
    const std::streamoff length = in.tellg();
    if (length < 0) throw fail("cannot read the file");
    file.bytes.resize(static_cast<std::size_t>(length));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(file.bytes.data()), length);
    if (!in) throw fail("cannot read the file");
  }
  const std::vector<std::byte>& raw = file.bytes;
  if (raw.size() < kHeaderSize || std::memcmp(raw.data(), kMagic, kMagicSize) != 0) {
    throw fail("not a sahelsim checkpoint (expected a file written by run --checkpoint-every)");
  }
  std::uint32_t version = 0;
  std::uint64_t size = 0, hash = 0;
  std::memcpy(&version, raw.data() + kMagicSize, 4);
  std::memcpy(&size, raw.data() + kMagicSize + 4, 8);
  std::memcpy(&hash, raw.data() + kMagicSize + 12, 8);
  if (version != kCheckpointFormatVersion) {
    throw fail("checkpoint format " + std::to_string(version) + " is not readable here (expected " +
               std::to_string(kCheckpointFormatVersion) + ")");
  }
  const std::span<const std::byte> payload(raw.data() + kHeaderSize, raw.size() - kHeaderSize);
  if (payload.size() != size) {
    throw fail("damaged checkpoint: truncated or extended (expected " + std::to_string(size) +
               " bytes of state, got " + std::to_string(payload.size()) + ")");
  }
  if (fnv1a(payload, kFnvBasis) != hash) {
    throw fail("damaged checkpoint: its checksum does not match");
  }

  try {
    StateArchive ar(payload);
    ar.section("checkpoint");
    ar(file.engine);
    if (file.engine != this_engine()) {
      throw fail("written by sahelsim " + file.engine +
                 "; a checkpoint continues only in the build that wrote it (this is " +
                 this_engine() + ")");
    }
    persist(ar, file.spec, &models);
    std::uint64_t results_size = 0, state_size = 0;
    ar(file.step, file.results_path, results_size, state_size);
    if (results_size > ar.remaining() || state_size != ar.remaining() - results_size) {
      throw StateError("its parts do not add up");
    }
    const std::size_t at = payload.size() - ar.remaining();
    file.results = payload.subspan(at, static_cast<std::size_t>(results_size));
    file.state = payload.subspan(at + static_cast<std::size_t>(results_size));
  } catch (const StateError& e) {
    throw fail(std::string("damaged checkpoint: ") + e.what());
  }
  if (file.step < 0 || file.step > file.spec.steps) {
    throw fail("damaged checkpoint: step " + std::to_string(file.step) + " outside the run");
  }
  return file;
}

}  // namespace sahelsim
