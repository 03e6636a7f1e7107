#include "app/VcdOutput.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "experiments/jobs/NumberValidator.h"
#include "experiments/jobs/PathValidator.h"
#include "models/common/InputError.h"
#include "platform/OutputPath.h"
#include "platform/ResultWriter.h"
#include "sw/probe/Probe.h"
#include "sw/workload/TrainingWorkload.h"

namespace sttvp {

namespace {

// "0A" as GTKWave shows an 8-bit vector by default, which is what a filter line must match.
std::string hex8(unsigned v) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "%02X", v & 0xffu);
  return buf;
}

}  // namespace

void VcdOutput::add_options(CLI::App& command, VcdOptions& o) {
  command
      .add_option("--vcd", o.file,
                  "write a VCD trace (banks, LLC events, core phases and layers) and its GTKWave "
                  "translate filters FILE.phases and FILE.layers")
      ->check(PathValidator());
  command.add_option("--vcd-start-ns", o.start_ns, "trace window start (simulated ns)")
      ->check(NumberValidator(0));
  command.add_option("--vcd-end-ns", o.end_ns, "trace window end (simulated ns)")
      ->check(NumberValidator(0));
}

VcdOutput::VcdOutput(const VcdOptions& o) : options_(o) {
  if (o.file.empty()) return;
  file_ = OutputPath::file(o.file, "--vcd", false);
  for (const char* suffix : {".phases", ".layers"})
    OutputPath::file(file_ + suffix, "--vcd", false);
  if (o.end_ns >= 0 && o.end_ns <= o.start_ns)
    throw InputError("--vcd-end-ns", "", "the trace window ends before it starts");
  const auto end_ps = o.end_ns < 0 ? ~std::uint64_t{0} : static_cast<std::uint64_t>(o.end_ns * 1e3);
  recorder_ = std::make_unique<TraceRecorder>(static_cast<std::uint64_t>(o.start_ns * 1e3), end_ps,
                                              o.max_changes);
}

void VcdOutput::write(std::uint64_t end_ps, const sw::Workload& workload) const {
  if (!recorder_) return;
  std::vector<std::string> layers;
  if (const auto* t = dynamic_cast<const sw::TrainingWorkload*>(&workload))
    for (std::size_t l = 0; l < t->trainer().network().layer_count(); ++l)
      layers.push_back(t->trainer().network().layer(l).type());
  if (options_.start_ns * 1e3 >= static_cast<double>(end_ps))
    std::fprintf(stderr,
                 "sttvp: warning: --vcd-start-ns %g is after the end of the simulation (%.3f ns); "
                 "the VCD trace holds no changes\n",
                 options_.start_ns, static_cast<double>(end_ps) / 1e3);
  std::ostringstream vcd;
  recorder_->write_vcd(vcd, end_ps);
  // The phase and layer values the cores record (models/core): sw::Phase, and the layer index
  // with 0xFF for none.
  std::string phases = "# GTKWave translate filter for the cores' phase signals\n";
  for (int p = 0; p < sw::kPhaseCount; ++p)
    phases +=
        hex8(static_cast<unsigned>(p)) + " " + sw::phase_name(static_cast<sw::Phase>(p)) + "\n";
  std::string layer_names = "# GTKWave translate filter for the cores' layer signals\n";
  for (std::size_t l = 0; l < layers.size() && l < 0xff; ++l)
    layer_names +=
        hex8(static_cast<unsigned>(l)) + " L" + std::to_string(l) + " " + layers[l] + "\n";
  layer_names += hex8(static_cast<unsigned>(sw::kNoLayer)) + " none\n";
  const auto path = std::filesystem::absolute(file_);
  ResultWriter files(path.parent_path().string());
  files.write(path.filename().string() + ".phases", phases);
  files.write(path.filename().string() + ".layers", layer_names);
  files.write(path.filename().string(), vcd.str());
  if (recorder_->truncated())
    std::fprintf(stderr,
                 "sttvp: warning: VCD trace truncated after %zu changes; narrow the window with "
                 "--vcd-start-ns/--vcd-end-ns\n",
                 recorder_->changes());
}

}  // namespace sttvp
