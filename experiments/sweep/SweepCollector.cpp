#include "experiments/sweep/SweepCollector.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <unordered_map>

#include "experiments/sweep/SweepDir.h"
#include "experiments/sweep/SweepJob.h"
#include "models/common/InputError.h"

namespace sttvp {

namespace {

void flatten_into(const Json& value, const std::string& path,
                  std::vector<std::pair<std::string, std::string>>& out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!it.key().empty() && it.key()[0] == '_') continue;
      flatten_into(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      flatten_into(value[i], path + "[" + std::to_string(i) + "]", out);
  } else {
    out.emplace_back(path, SweepCollector::cell(value));
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SweepCollector::flatten(const Json& stats) {
  std::vector<std::pair<std::string, std::string>> out;
  flatten_into(stats, "", out);
  return out;
}

void SweepCollector::merge_columns(std::vector<std::string>& columns,
                                   const std::vector<std::string>& keys) {
  std::unordered_map<std::string, std::size_t> known;
  for (std::size_t i = 0; i < columns.size(); ++i) known.emplace(columns[i], i);
  // Where the next new key goes: right after the last key of `keys` already placed.
  std::size_t insert_at = 0;
  for (const auto& key : keys) {
    auto it = known.find(key);
    if (it != known.end()) {
      insert_at = it->second + 1;
      continue;
    }
    if (insert_at == columns.size()) {
      columns.push_back(key);
      known.emplace(key, insert_at);
    } else {
      columns.insert(columns.begin() + static_cast<std::ptrdiff_t>(insert_at), key);
      for (std::size_t i = insert_at; i < columns.size(); ++i) known[columns[i]] = i;
    }
    ++insert_at;
  }
}

std::string SweepCollector::cell(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_number_float()) return value.dump();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", value.get<double>());
  std::string text = buf;
  if (text.find_first_of(".e") == std::string::npos) text += ".0";  // still reads as a real
  return text;
}

std::string SweepCollector::csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

SweepCollector::Summary SweepCollector::collect(const std::string& dir) {
  const SweepDir sweep(dir);
  const std::string list_file = sweep.path("sweep.json");
  std::string text;
  if (!SweepDir::read_file(list_file, text))
    throw InputError(list_file, "", "cannot open (not a sweep folder, or the sweep never started)");
  const Json list = JsonText::parse(text, list_file, JsonLimits{});
  if (!list.is_object() || !list.contains("jobs") || !list["jobs"].is_array())
    throw InputError(list_file, "jobs", "expected a list of jobs");
  std::vector<std::string> grid_keys;
  if (list.contains("grid_keys") && list["grid_keys"].is_array())
    for (const auto& k : list["grid_keys"])
      if (k.is_string()) grid_keys.push_back(k.get<std::string>());

  struct Row {
    SweepJob job;
    SweepDir::State state;
    std::string seed;
    std::map<std::string, std::string> stats;
  };
  std::vector<Row> rows;
  std::vector<std::string> columns;
  std::map<std::string, std::pair<std::string, std::string>> units;  // unit, description
  Summary summary;
  for (std::size_t i = 0; i < list["jobs"].size(); ++i) {
    Row row{SweepJob::from_json(list["jobs"][i], list_file, "jobs[" + std::to_string(i) + "]"),
            SweepDir::State::missing,
            "",
            {}};
    row.state = sweep.state(row.job.id);
    if (row.job.seed) row.seed = std::to_string(*row.job.seed);
    std::string stats_text;
    if (row.state == SweepDir::State::done &&
        SweepDir::read_file(sweep.job_file(row.job.id, "stats.json"), stats_text)) {
      const Json stats = Json::parse(stats_text, nullptr, false);
      if (stats.is_object() && stats.contains("_units") && stats["_units"].is_object())
        for (auto u = stats["_units"].begin(); u != stats["_units"].end(); ++u)
          if (u.value().is_object())
            units.emplace(u.key(), std::make_pair(cell(u.value().value("unit", Json())),
                                                  cell(u.value().value("description", Json()))));
      const auto flat = flatten(stats);
      std::vector<std::string> keys;
      keys.reserve(flat.size());
      for (const auto& [key, value] : flat) {
        keys.push_back(key);
        row.stats.emplace(key, value);
      }
      merge_columns(columns, keys);
    }
    // Without --seed the job ran with its config's own seed, which config.json records.
    std::string config_text;
    if (!row.job.seed &&
        SweepDir::read_file(sweep.job_file(row.job.id, "config.json"), config_text)) {
      const Json config = Json::parse(config_text, nullptr, false);
      if (config.is_object() && config.contains("sim") && config["sim"].is_object() &&
          config["sim"].contains("seed"))
        row.seed = cell(config["sim"]["seed"]);
    }
    switch (row.state) {
      case SweepDir::State::done:
        ++summary.done;
        break;
      case SweepDir::State::failed:
        ++summary.failed;
        break;
      case SweepDir::State::missing:
        ++summary.missing;
        break;
    }
    rows.push_back(std::move(row));
  }

  std::ostringstream csv;
  csv << "job,status,seed";
  for (const auto& k : grid_keys) csv << "," << csv_field(k);
  for (const auto& c : columns) csv << "," << csv_field(c);
  csv << "\n";
  for (const auto& row : rows) {
    csv << row.job.id << "," << SweepDir::state_name(row.state) << "," << row.seed;
    for (const auto& k : grid_keys) {
      auto it = std::find_if(row.job.grid.begin(), row.job.grid.end(),
                             [&](const auto& g) { return g.first == k; });
      csv << "," << (it == row.job.grid.end() ? "" : csv_field(cell(it->second)));
    }
    for (const auto& c : columns) {
      auto it = row.stats.find(c);
      csv << "," << (it == row.stats.end() ? "" : csv_field(it->second));
    }
    csv << "\n";
  }
  std::ostringstream unit_csv;
  const auto unit_row = [&](const std::string& column, const std::string& unit,
                            const std::string& description) {
    unit_csv << csv_field(column) << "," << csv_field(unit) << "," << csv_field(description)
             << "\n";
  };
  unit_csv << "column,unit,description\n";
  unit_row("job", "", "the job's id (its folder in jobs/)");
  unit_row("status", "", "done, failed or missing");
  unit_row("seed", "", "the simulation's seed");
  for (const auto& k : grid_keys) unit_row(k, "", "grid value");
  for (const auto& c : columns) {
    const auto u = units.find(c);
    unit_row(c, u == units.end() ? "" : u->second.first, u == units.end() ? "" : u->second.second);
  }

  summary.jobs = rows.size();
  summary.columns = 3 + grid_keys.size() + columns.size();
  summary.csv = sweep.path("results.csv");
  SweepDir::write_atomically(summary.csv, csv.str());
  SweepDir::write_atomically(sweep.path("results_units.csv"), unit_csv.str());
  return summary;
}

}  // namespace sttvp
