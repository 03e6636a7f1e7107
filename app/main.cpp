// The sttvp command line.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <new>
#include <systemc>

#include "app/CommandLine.h"
#include "app/ReplayCommand.h"
#include "app/RunCommand.h"
#include "app/TraceConvertCommand.h"
#include "app/TrainCommand.h"
#include "experiments/campaign/InjectCommand.h"
#include "experiments/jobs/NumberValidator.h"
#include "experiments/jobs/PathValidator.h"
#include "experiments/jobs/UnsignedValidator.h"
#include "experiments/study/StudyCommand.h"
#include "experiments/sweep/SweepCommand.h"
#include "generated/Version.h"
#include "models/common/InputError.h"
#include "platform/InterruptHandler.h"
#include "platform/Provenance.h"

int sc_main(int argc, char* argv[]) {
  sttvp::Provenance::set_command_line(argc, argv);
  CLI::App app{"sttvp: SystemC/TLM-2.0 virtual platform for STT-RAM last-level caches"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("sttvp ") + sttvp::kVersion);
  sttvp::RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "simulate one platform config and its workload");
  run_cmd->add_option("--config", run.config, "platform config (JSON)")->required();
  run_cmd->add_option("--set", run.overrides, "override a config key: KEY=VALUE (repeatable)");
  run_cmd->add_option("--seed", run.seed, "random seed (same as --set sim.seed=N)")
      ->check(sttvp::UnsignedValidator());
  run_cmd->add_option("--out", run.out, "output folder (default results/<config name>)")
      ->check(sttvp::PathValidator());
  run_cmd->add_flag("--quiet", run.quiet, "no summary on stdout");
  sttvp::VcdOutput::add_options(*run_cmd, run.vcd);

  sttvp::SweepOptions sweep;
  CLI::App* sweep_cmd = sttvp::add_sweep_command(app, sweep);

  sttvp::TrainOptions train;
  CLI::App* train_cmd = sttvp::add_train_command(app, train);

  sttvp::InjectOptions inject;
  CLI::App* inject_cmd = sttvp::add_inject_command(app, inject);

  sttvp::StudyOptions study;
  CLI::App* study_cmd = sttvp::add_study_command(app, study);

  sttvp::ReplayOptions replay;
  CLI::App* replay_cmd = sttvp::add_replay_command(app, replay);
  sttvp::TraceConvertOptions convert;
  CLI::App* convert_cmd = sttvp::add_trace_convert_command(app, convert);

  const std::string unknown =
      sttvp::CommandLine::unknown_name(app, std::vector<std::string>(argv + 1, argv + argc));
  if (!unknown.empty()) {
    std::cerr << "sttvp: " << unknown << " (see sttvp --help)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::cerr << "sttvp: " << sttvp::CommandLine::message(app, e) << " (see sttvp --help)\n";
    return 2;
  }
  // SIGINT/SIGTERM: one line, status 130/143, and no half-written results (the sweep has its own).
  // (A campaign's process pool has its own too; its runs, `inject --run`, use this one.)
  if (*run_cmd || *replay_cmd || *train_cmd || (*inject_cmd && !inject.run.empty()))
    sttvp::InterruptHandler::install();
  try {
    if (*run_cmd) return sttvp::run_command(run);
    if (*replay_cmd) return sttvp::replay_command(replay);
    if (*convert_cmd) return sttvp::trace_convert_command(convert);
    if (*train_cmd) return sttvp::train_command(train);
    if (*sweep_cmd) return sttvp::sweep_command(sweep);
    if (*inject_cmd) return sttvp::inject_command(inject);
    if (*study_cmd) return sttvp::study_command(study);
  } catch (const sttvp::InputError& e) {
    std::cerr << "sttvp: " << e.what() << "\n";
    return 2;
  } catch (const sc_core::sc_report& e) {
    // what() spans several lines (file, process); the message type and text fit on one.
    std::string msg = e.get_msg();
    for (char& c : msg)
      if (c == '\n') c = ' ';
    std::cerr << "sttvp: simulation error: " << e.get_msg_type() << ": " << msg << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "sttvp: error: out of memory (the configuration needs more memory than this "
                 "machine has)\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "sttvp: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// Our own entry point, so the SystemC banner can be turned off before the library prints it.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
