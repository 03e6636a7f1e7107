#include "app/ReplayCommand.h"

#include <CLI/CLI.hpp>
#include <filesystem>

#include "app/RunCommand.h"
#include "experiments/jobs/ChoiceValidator.h"
#include "experiments/jobs/PathValidator.h"
#include "models/common/ConfigNode.h"

namespace sttvp {

namespace fs = std::filesystem;

namespace {

// The user address space of x86-64 Linux, where every traced access lies.
constexpr std::uint64_t kUserSpaceBytes = std::uint64_t{1} << 47;

bool is_string(const Json& object, const char* key, const char* value) {
  return object.is_object() && object.contains(key) && object[key].is_string() &&
         object[key].get<std::string>() == value;
}

}  // namespace

CLI::App* add_replay_command(CLI::App& app, ReplayOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "replay", "replay a memory-access trace through the platform's caches, LLC and DRAM");
  cmd->add_option("--trace", o.trace, "trace file (\"-\": standard input)")->required();
  cmd->add_option("--format", o.format, "trace format: lackey (Valgrind Lackey text) or bin")
      ->check(ChoiceValidator({"lackey", "bin"}))
      ->capture_default_str();
  cmd->add_option("--config", o.config, "platform config (JSON)")->capture_default_str();
  cmd->add_option("--set", o.overrides, "override a config key: KEY=VALUE (repeatable)");
  cmd->add_option("--out", o.out, "output folder (default results/<config name>)")
      ->check(PathValidator());
  cmd->add_flag("--quiet", o.quiet, "no summary on stdout");
  return cmd;
}

int replay_command(const ReplayOptions& o) {
  const auto doc = ConfigDocument::load(o.config);  // only looked at; run_command loads it again
  const Json& root = doc->json();
  RunOptions run;
  run.config = o.config;
  run.out = o.out;
  run.quiet = o.quiet;
  if (!root.contains("workload") || !is_string(root["workload"], "kind", "trace"))
    run.overrides.push_back(R"(workload={"kind":"trace"})");
  const std::string path =
      o.trace == "-" ? o.trace : fs::absolute(o.trace).lexically_normal().string();
  run.overrides.push_back("workload.trace=" + Json(path).dump());
  run.overrides.push_back("workload.format=" + Json(o.format).dump());
  if (root.contains("dram") && !is_string(root["dram"], "store", "sparse")) {
    run.overrides.push_back(R"(dram.store="sparse")");
    run.overrides.push_back("dram.base=0");
    run.overrides.push_back("dram.size_bytes=" + std::to_string(kUserSpaceBytes));
  }
  run.overrides.insert(run.overrides.end(), o.overrides.begin(), o.overrides.end());
  return run_command(run);
}

}  // namespace sttvp
