#include "app/RunCommand.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "experiments/jobs/ProgressDisplay.h"
#include "platform/OutputPath.h"
#include "platform/Platform.h"
#include "platform/PlatformConfig.h"
#include "platform/ResultWriter.h"
#include "platform/TraceWorkload.h"
#include "platform/WorkloadFactory.h"

namespace sttvp {

namespace {

std::string human_bytes(std::uint64_t b) {
  char buf[64];
  if (b >= (1ull << 20) && b % (1ull << 20) == 0)
    std::snprintf(buf, sizeof buf, "%llu MiB", static_cast<unsigned long long>(b >> 20));
  else if (b >= 1024 && b % 1024 == 0)
    std::snprintf(buf, sizeof buf, "%llu KiB", static_cast<unsigned long long>(b >> 10));
  else
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(b));
  return buf;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", whole ? 100.0 * part / whole : 0.0);
  return buf;
}

}  // namespace

int run_command(const RunOptions& options) {
  auto doc = ConfigDocument::load(options.config);
  for (const auto& o : options.overrides) doc->set(o);
  if (options.seed) doc->set("sim.seed=" + std::to_string(*options.seed));
  const PlatformConfig config = PlatformConfig::parse(doc);
  config.workload.check_region(*doc);
  // Every output place is checked, and the result folder claimed, before the simulation.
  const std::string out_dir =
      OutputPath::folder(options.out.empty() ? "results/" + config.name : options.out, "--out");
  const VcdOutput vcd(options.vcd);

  ResultWriter writer(out_dir);
  writer.claim();

  const auto wall_start = std::chrono::steady_clock::now();
  Platform platform("platform", config);
  if (vcd.recorder()) platform.set_trace(vcd.recorder());
  const std::unique_ptr<sw::Workload> workload_owner = WorkloadFactory::create(config);
  sw::Workload& workload = *workload_owner;
  // A training workload runs its steps before the region natively, which can take long: the
  // progress line tells how far it is.
  auto* training = dynamic_cast<sw::TrainingWorkload*>(&workload);
  ProgressDisplay progress(!options.quiet && training != nullptr, config.workload.start_step,
                           training ? training->roi_end() : 0);
  if (training) training->on_progress([&](const sw::TrainingProgress& p) { progress.update(p); });
  platform.run(workload);
  progress.clear();
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  writer.prepare();
  writer.write("config.json", doc->json().dump(2) + "\n");
  writer.write("stats.json", platform.stats().to_json().dump(2) + "\n");
  std::ostringstream csv;
  platform.stats().write_csv(csv);
  writer.write("stats.csv", csv.str());
  std::ostringstream distance, retention;
  platform.llc().stats().write_distance_csv(distance);
  writer.write("write_read_distance.csv", distance.str());
  platform.llc().stats().write_retention_csv(retention);
  writer.write("retention.csv", retention.str());
  if (const HierarchyDistance* h = platform.hierarchy_distance()) {
    std::ostringstream hierarchy;
    h->write_csv(hierarchy);
    writer.write("hierarchy_distance.csv", hierarchy.str());
  }
  writer.commit();
  // Runs that are valid but say nothing are pointed out.
  if (const auto* t = dynamic_cast<const TraceWorkload*>(&workload);
      t != nullptr && t->fetches + t->loads + t->stores + t->modifies == 0)
    std::fprintf(stderr, "sttvp: warning: %s holds no memory accesses; the results are empty\n",
                 config.workload.trace.c_str());
  vcd.write(static_cast<std::uint64_t>(platform.sim_time_ns() * 1e3), workload);

  if (!options.quiet) {
    const LlcStats& llc = platform.llc().stats();
    std::uint64_t lines = 0;
    for (unsigned i = 0; i < platform.core_count(); ++i)
      lines += platform.core(i).line_reads + platform.core(i).line_writes;
    std::printf("sttvp run: %s: %u cores, LLC %s %u-way %s, %s workload\n", config.name.c_str(),
                config.cores.count, human_bytes(config.llc.geometry.size_bytes).c_str(),
                config.llc.geometry.ways, config.llc.technology_name().c_str(),
                config.workload.kind.c_str());
    std::printf("  simulated time  %.3f us\n", platform.sim_time_ns() / 1e3);
    std::printf("  LLC             %llu requests, %s hits, %llu misses, %llu write-backs\n",
                static_cast<unsigned long long>(llc.reads + llc.writes),
                percent(llc.hits, llc.hits + llc.misses).c_str(),
                static_cast<unsigned long long>(llc.misses),
                static_cast<unsigned long long>(llc.writebacks));
    std::printf("  DRAM            %llu reads, %llu writes\n",
                static_cast<unsigned long long>(platform.dram().reads),
                static_cast<unsigned long long>(platform.dram().writes));
    std::printf("  energy          %.3f uJ total\n",
                platform.stats().value("energy_nj.total") / 1e3);
    std::printf("  host            %.2f s wall, %.1f M line accesses/s\n", wall_s,
                wall_s > 0 ? lines / wall_s / 1e6 : 0.0);
    if (platform.llc().config().technology != LlcTechnology::Sram) {
      const LlcStats::Retention r = llc.retention_total();
      std::printf("  retention       %llu STT-RAM read hits, p_error %.3g, %llu sampled failures\n",
                  static_cast<unsigned long long>(r.reads), r.p_error(),
                  static_cast<unsigned long long>(r.sampled_failures));
    }
    std::printf("  results         %s/{config.json,stats.json,stats.csv,retention.csv,...}\n",
                out_dir.c_str());
    if (vcd.recorder())
      std::printf("  trace           %s (GTKWave filters .phases, .layers)\n",
                  options.vcd.file.c_str());
  }
  return 0;
}

}  // namespace sttvp
