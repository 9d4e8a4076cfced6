// Results as an HDF5 file (ARCHITECTURE §6, format_version 1; docs/output-format.md).
//
// The file is written as NAME.h5.partial while the run goes, with root attribute
// complete = 0, and renamed to NAME.h5 only after the last step, when complete = 1. A run
// stopped by Ctrl-C or an error leaves the .partial file and no NAME.h5. Series and events
// are buffered and appended in chunks; maps are appended as they are drawn, so memory stays
// bounded however long the run.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/simulation.hpp"
#include "h5.hpp"

namespace sahelsim {

inline constexpr int kResultsFormatVersion = 1;

// The root attributes every file sahelsim writes besides run results (`content` says what
// the file holds: "geography", "sweep"): format and version, engine version and commit,
// creation time, CF conventions, title, and complete = 0 (set to 1 when it is).
void write_provenance(hid_t root, const std::string& content, const std::string& title);

// /scenario: the resolved scenario text and the source files it came from.
void write_scenario_group(hid_t root, const std::string& resolved,
                          const std::vector<SourceText>& sources);

class ResultsWriter final : public ResultSink {
 public:
  explicit ResultsWriter(std::string path);
  ~ResultsWriter() override;

  void begin(const RunHeader& header) override;
  void record(std::int64_t time, std::span<const double> values) override;
  void record_regional(std::int64_t time, std::span<const double> values) override;
  void map(std::int64_t time, std::size_t map, const MapBuffer& buffer) override;
  void events(std::span<const Event> batch) override;
  void timeline(std::span<const AppliedChange> changes) override;
  void finish(const RunStats& stats) override;

  // Provenance the caller adds before begin() (the checkpoint a run resumes or forks): root
  // attributes, and texts under /scenario.
  void add_attribute(std::string name, std::string value) {
    attributes_.emplace_back(std::move(name), std::move(value));
  }
  void add_scenario_text(std::string name, std::string text) {
    scenario_texts_.emplace_back(std::move(name), std::move(text));
  }

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string partial_path() const { return path_ + ".partial"; }

 private:
  void flush_records();
  void flush_events();
  void close_all();

  std::string path_;
  std::vector<std::pair<std::string, std::string>> attributes_, scenario_texts_;
  const RunHeader* header_ = nullptr;
  std::optional<Calendar> calendar_;

  h5::Handle file_;
  h5::Handle series_group_, maps_group_, events_group_, timeline_group_;
  h5::Appendable time_, step_, date_;
  std::vector<h5::Appendable> series_;
  h5::Handle regional_group_;
  std::vector<h5::Appendable> regional_;
  std::vector<std::vector<double>> pending_regional_;  // [series][record * regions + region]
  h5::Appendable map_time_;
  std::vector<h5::Appendable> maps_;
  h5::Appendable event_index_, event_step_, event_kind_, event_cell_, event_actor_, event_target_,
      event_count_;
  h5::Appendable change_index_, change_step_, change_key_, change_value_, change_note_;

  std::vector<std::int64_t> pending_times_;
  std::vector<std::vector<double>> pending_values_;  // [series][record]
  std::vector<Event> pending_events_;
  std::int64_t events_written_ = 0;
  std::int64_t changes_written_ = 0;
};

}  // namespace sahelsim
