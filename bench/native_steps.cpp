// sttvp_bench_native: the native baseline of bench/run.sh. Trains `--warmup` minibatches, then
// times `--steps` more, with no probe sink installed (each report is one untaken branch), on a
// SerialExecutor with `--shares` shares per minibatch (the same kernels, in the same order, as a
// simulated run on that many cores). Built twice by the bench: with the project's ISA flags, and
// without FMA for Valgrind's Cachegrind (which emulates FMA very slowly).
//
// Prints one line: native_steps net=NET shares=S steps=N seconds=T ms_per_step=M
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "sw/data/Dataset.h"
#include "sw/probe/Probe.h"
#include "sw/train/Trainer.h"
#include "sw/train/TrainerConfigParser.h"
#include "sw/workload/Executor.h"
#include "sw/workload/TrainingWorkload.h"

namespace {

[[noreturn]] void usage(const char* self) {
  std::fprintf(
      stderr, "usage: %s --preset FILE [--data DIR] [--shares S] [--warmup W] [--steps N]\n", self);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sttvp::sw;
  std::string preset, data = "data/mnist";
  unsigned shares = 1;
  std::uint64_t warmup = 2, steps = 8;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(argv[0]);
    const char* v = argv[++i];
    if (a == "--preset")
      preset = v;
    else if (a == "--data")
      data = v;
    else if (a == "--shares")
      shares = static_cast<unsigned>(std::stoul(v));
    else if (a == "--warmup")
      warmup = std::stoull(v);
    else if (a == "--steps")
      steps = std::stoull(v);
    else
      usage(argv[0]);
  }
  if (preset.empty() || shares == 0 || steps == 0) usage(argv[0]);
  try {
    TrainerConfig config = TrainerConfigParser::load(preset, shares);
    config.shares = shares;
    config.evaluate_test = false;
    // Only the samples the timed steps use are loaded (loading is not timed, but costly under
    // Valgrind).
    const std::size_t samples = (warmup + steps) * config.minibatch;
    const TrainingData train = TrainingWorkload::load(data, Dataset::Split::Train, config, samples);
    const TrainingData test;
    SerialExecutor serial(shares);
    SinkScope native(nullptr);
    Trainer trainer(config, train, test, serial);
    trainer.run_steps(0, warmup);
    const auto t0 = std::chrono::steady_clock::now();
    trainer.run_steps(warmup, steps);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("native_steps net=%s shares=%u steps=%llu seconds=%.6f ms_per_step=%.4f\n",
                config.net == NetKind::LeNet5 ? "lenet" : "mlp", shares,
                static_cast<unsigned long long>(steps), s, 1e3 * s / static_cast<double>(steps));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sttvp_bench_native: %s\n", e.what());
    return 1;
  }
  return 0;
}
