#include "experiments/campaign/CampaignReport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace sttvp {

namespace {

double number(const Json& result, const char* key) {
  const Json& v = result["result"][key];
  return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string p_label(double p) { return format("%g", p); }

// Mean of the finite values (NaN if none).
double mean(const std::vector<double>& v) {
  double sum = 0;
  std::size_t n = 0;
  for (double x : v) {
    if (!std::isfinite(x)) continue;
    sum += x;
    ++n;
  }
  return n ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

// Accuracy as a percentage with one decimal, "-" for none.
std::string pct(double fraction) {
  return std::isfinite(fraction) ? format("%.1f", 100 * fraction) : "-";
}

}  // namespace

std::string CampaignReport::csv() const {
  std::string out = std::string(kCsvHeader) + "\n";
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (results_[i] == nullptr) continue;
    const CampaignRun& r = runs_[i];
    const Json& res = *results_[i];
    const double acc = number(res, "test_accuracy");
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s,%s,%s,%s,%llu,%s,%s,%d,%lld,%llu\n", r.net.c_str(),
                  r.layer_label().c_str(), r.target_label().c_str(),
                  r.baseline ? "0" : p_label(r.p).c_str(), static_cast<unsigned long long>(r.seed),
                  r.mitigation.name().c_str(),
                  std::isfinite(acc) ? format("%.4f", acc).c_str() : "nan",
                  res["result"]["diverged"].get<bool>() ? 1 : 0,
                  res["result"]["first_nonfinite_step"].get<long long>(),
                  res["result"]["flips"].get<unsigned long long>());
    out += buf;
  }
  return out;
}

std::string CampaignReport::summary() const {
  std::ostringstream md;
  std::size_t finished = 0;
  for (const Json* r : results_) finished += r != nullptr ? 1 : 0;

  md << "# Fault-injection campaign `" << spec_.name << "`\n\n";
  if (!spec_.description.empty()) md << spec_.description << "\n\n";
  md << "Spec `" << spec_.file << "`: ";
  for (const std::string& net : spec_.nets)
    md << net << " (preset `" << spec_.preset_files.at(net) << "`) ";
  const sw::TrainerConfig tc = spec_.trainer_config(spec_.nets.front(), spec_.seeds.front());
  md << "- " << tc.epochs << " epoch(s), minibatch " << tc.minibatch << ", train/test samples "
     << (spec_.train_samples ? std::to_string(spec_.train_samples) : std::string("all")) << "/"
     << (spec_.test_samples ? std::to_string(spec_.test_samples) : std::string("all")) << " of `"
     << spec_.data << "`; faults " << sw::kFaultTimings.name(spec_.timing) << ", "
     << sw::kFaultPersistences.name(spec_.persistence) << ", bits " << spec_.bits
     << (spec_.rate == sw::FaultRate::PerValue ? ", p per value (one selected bit per hit)" : "")
     << (spec_.forward_only ? ", forward reads only" : "") << "; seeds";
  for (std::uint64_t s : spec_.seeds) md << " " << s;
  md << (spec_.stop_on_divergence ? "; a run stops when its weights turn NaN/Inf" : "") << ".\n\n";
  md << finished << " of " << runs_.size() << " runs finished.\n";

  // Results grouped by (net, target, mitigation) -> layer -> p -> runs; baselines by (net,
  // mitigation).
  struct Cell {
    std::vector<double> acc;
    std::size_t diverged = 0;
    std::vector<double> flips;
    std::vector<double> seconds;
    std::vector<double> mitigation_seconds;
  };
  std::map<std::pair<std::string, std::string>, Cell> baselines;  // (net, mitigation)
  std::map<std::tuple<std::string, int, std::string>, std::map<std::size_t, std::map<double, Cell>>>
      tables;                                 // (net, target, mitigation) -> layer -> p
  std::map<std::string, Cell> by_mitigation;  // faulty runs
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (results_[i] == nullptr) continue;
    const CampaignRun& r = runs_[i];
    const Json& res = *results_[i];
    Cell* cells[2] = {nullptr, nullptr};
    if (r.baseline) {
      cells[0] = &baselines[{r.net, r.mitigation.name()}];
    } else {
      cells[0] = &tables[{r.net, static_cast<int>(r.target), r.mitigation.name()}][r.layer][r.p];
      cells[1] = &by_mitigation[r.mitigation.name()];
    }
    for (Cell* c : cells) {
      if (c == nullptr) continue;
      c->acc.push_back(number(res, "test_accuracy"));
      c->diverged += res["result"]["diverged"].get<bool>() ? 1 : 0;
      c->flips.push_back(number(res, "flips"));
      c->seconds.push_back(number(res, "train_seconds"));
      c->mitigation_seconds.push_back(number(res, "mitigation_seconds"));
    }
  }

  // In the spec's order: networks, targets, mitigations.
  std::vector<std::tuple<std::string, int, std::string>> order;
  for (const std::string& net : spec_.nets)
    for (sw::FaultTarget target : spec_.targets)
      for (const sw::MitigationConfig& m : spec_.mitigations)
        if (tables.count({net, static_cast<int>(target), m.name()}))
          order.emplace_back(net, static_cast<int>(target), m.name());
  for (const auto& key : order) {
    const auto& layers = tables.at(key);
    const auto& [net, target, mitigation] = key;
    md << "\n## " << net << ", faults in the "
       << sw::kFaultTargets.name(static_cast<sw::FaultTarget>(target))
       << " of one layer, mitigation " << mitigation << "\n\n";
    const auto b = baselines.find({net, mitigation});
    const double base = b != baselines.end() ? mean(b->second.acc) : std::nan("");
    if (b != baselines.end()) {
      md << "Error-free baseline (p = 0): **" << pct(base) << " %** test accuracy (seeds:";
      for (double a : b->second.acc) md << " " << pct(a);
      md << ").\n\n";
    }
    std::set<double> ps;
    for (const auto& [layer, by_p] : layers)
      for (const auto& [p, cell] : by_p) ps.insert(p);
    md << "Mean test accuracy over the seeds, % (change against the baseline); **bold**: more "
          "than 5 points below it; `d/n div.`: runs whose weights turned NaN/Inf.\n\n";
    md << "| layer | type | inputs |";
    for (double p : ps) md << " p = " << p_label(p) << " |";
    md << "\n|---|---|---|";
    for (std::size_t i = 0; i < ps.size(); ++i) md << "---|";
    md << "\n";
    const auto& info = spec_.layer_info(net);
    for (const auto& [layer, by_p] : layers) {
      md << "| " << layer << " | " << info[layer].type << " | " << info[layer].inputs << " |";
      for (double p : ps) {
        const auto c = by_p.find(p);
        if (c == by_p.end()) {
          md << " |";
          continue;
        }
        const double a = mean(c->second.acc);
        const bool bad = std::isfinite(base) && !(a >= base - 0.05);
        md << " " << (bad ? "**" : "") << pct(a) << (bad ? "**" : "");
        if (std::isfinite(base) && std::isfinite(a))
          md << " (" << format("%+.1f", 100 * (a - base)) << ")";
        if (c->second.diverged > 0)
          md << " " << c->second.diverged << "/" << c->second.acc.size() << " div.";
        md << " |";
      }
      md << "\n";
    }
    md << "\nMean bits flipped per run:\n\n| layer |";
    for (double p : ps) md << " p = " << p_label(p) << " |";
    md << "\n|---|";
    for (std::size_t i = 0; i < ps.size(); ++i) md << "---|";
    md << "\n";
    for (const auto& [layer, by_p] : layers) {
      md << "| " << layer << " |";
      for (double p : ps) {
        const auto c = by_p.find(p);
        md << " " << (c == by_p.end() ? std::string() : format("%.0f", mean(c->second.flips)))
           << " |";
      }
      md << "\n";
    }
  }

  // Mitigations side by side: per network, target and p, the accuracy per layer.
  if (spec_.mitigations.size() > 1) {
    for (const std::string& net : spec_.nets) {
      for (sw::FaultTarget target : spec_.targets) {
        for (double p : spec_.ps) {
          md << "\n## " << net << ", " << sw::kFaultTargets.name(target) << ", p = " << p_label(p)
             << ": the mitigations side by side\n\nMean test accuracy over the seeds, % "
                "(diverged runs).\n\n| layer | type |";
          for (const sw::MitigationConfig& m : spec_.mitigations) md << " " << m.name() << " |";
          md << "\n|---|---|";
          for (std::size_t i = 0; i < spec_.mitigations.size(); ++i) md << "---|";
          md << "\n| baseline | |";
          for (const sw::MitigationConfig& m : spec_.mitigations) {
            const auto b = baselines.find({net, m.name()});
            md << " " << (b == baselines.end() ? std::string("-") : pct(mean(b->second.acc)))
               << " |";
          }
          md << "\n";
          for (std::size_t layer : spec_.layers_of(net)) {
            md << "| " << layer << " | " << spec_.layer_info(net)[layer].type << " |";
            for (const sw::MitigationConfig& m : spec_.mitigations) {
              const auto t = tables.find({net, static_cast<int>(target), m.name()});
              const Cell* c = nullptr;
              if (t != tables.end() && t->second.count(layer) && t->second.at(layer).count(p))
                c = &t->second.at(layer).at(p);
              if (c == nullptr) {
                md << " |";
                continue;
              }
              md << " " << pct(mean(c->acc));
              if (c->diverged > 0) md << " (" << c->diverged << "/" << c->acc.size() << " div.)";
              md << " |";
            }
            md << "\n";
          }
        }
      }
    }
  }

  if (spec_.mitigations.size() > 1 || spec_.mitigations.front().any()) {
    md << "\n## Cost and effect of the mitigations\n\n"
          "Host time of the training steps per run (hooks and mitigations included), the part "
          "spent in the mitigation itself, and the mean test accuracy and diverged runs over the "
          "runs with faults.\n\n"
          "| mitigation | baseline accuracy % | baseline s/run | vs none | in mitigation s/run | "
          "accuracy with faults % | diverged |\n|---|---|---|---|---|---|---|\n";
    double none_seconds = std::nan("");
    for (const auto& [key, cell] : baselines)
      if (key.second == "none") none_seconds = mean(cell.seconds);
    for (const sw::MitigationConfig& m : spec_.mitigations) {
      std::vector<double> acc, secs, msecs;
      for (const auto& [key, cell] : baselines) {
        if (key.second != m.name()) continue;
        acc.insert(acc.end(), cell.acc.begin(), cell.acc.end());
        secs.insert(secs.end(), cell.seconds.begin(), cell.seconds.end());
        msecs.insert(msecs.end(), cell.mitigation_seconds.begin(), cell.mitigation_seconds.end());
      }
      const Cell& f = by_mitigation[m.name()];
      const double s = mean(secs);
      md << "| " << m.name() << " | " << pct(mean(acc)) << " | " << format("%.2f", s) << " | "
         << (std::isfinite(none_seconds) && std::isfinite(s)
                 ? format("%+.1f %%", 100 * (s / none_seconds - 1))
                 : std::string("-"))
         << " | " << format("%.3f", mean(msecs)) << " | " << pct(mean(f.acc)) << " | " << f.diverged
         << "/" << f.acc.size() << " |\n";
    }
  }
  return md.str();
}

}  // namespace sttvp
