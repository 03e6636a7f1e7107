#include "sw/fault/InjectionRun.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <sstream>

#include "sw/fault/DivergenceMonitor.h"
#include "sw/fault/FaultInjector.h"
#include "sw/fault/GradientGuard.h"
#include "sw/fault/RangeRestriction.h"
#include "sw/nn/NonFinite.h"
#include "sw/train/Checkpoint.h"
#include "sw/train/HookChain.h"

namespace sttvp::sw {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

std::string MitigationConfig::name() const {
  std::string out;
  const auto add = [&](bool on, const char* part) {
    if (on) out += (out.empty() ? "" : "+") + std::string(part);
  };
  add(range_restriction, "range");
  add(gradient_guard, "grad_guard");
  add(rollback, "rollback");
  return out.empty() ? "none" : out;
}

bool MitigationConfig::parse(const std::string& name, MitigationConfig& out) {
  MitigationConfig m;
  m.checkpoint_every = out.checkpoint_every;
  if (name == "none") {
    out = m;
    return true;
  }
  std::stringstream parts(name);
  std::string part;
  bool any = false;
  while (std::getline(parts, part, '+')) {
    bool* flag = part == "range"        ? &m.range_restriction
                 : part == "grad_guard" ? &m.gradient_guard
                 : part == "rollback"   ? &m.rollback
                                        : nullptr;
    if (flag == nullptr || *flag) return false;
    *flag = true;
    any = true;
  }
  if (!any || name.back() == '+') return false;
  out = m;
  return true;
}

InjectionRun::InjectionRun(Trainer& trainer, InjectionRunConfig config)
    : trainer_(trainer), config_(std::move(config)) {
  config_.fault.validate(trainer.network().layer_count());
}

std::uint64_t InjectionRun::params_hash(const Trainer& trainer) {
  const Tensor& p = trainer.network().params();
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::size_t i = 0; i < p.size(); ++i) {
    std::uint32_t u = float_bits(p.data()[i]);
    for (int b = 0; b < 4; ++b) {
      h ^= (u >> (8 * b)) & 0xffu;
      h *= 0x100000001b3ULL;
    }
  }
  return h;
}

InjectionResult InjectionRun::run(std::uint64_t steps, const TrainingData& test,
                                  const Progress& progress) {
  Trainer& t = trainer_;
  const MitigationConfig& m = config_.mitigation;
  const std::size_t layers = t.network().layer_count();

  FaultInjector injector(t, config_.fault);
  injector.set_log(config_.log);
  injector.set_replay(config_.replay);
  DivergenceMonitor monitor(t);
  std::unique_ptr<RangeRestriction> range;
  std::unique_ptr<GradientGuard> guard;
  std::unique_ptr<Checkpoint> checkpoint;
  if (m.range_restriction) range = std::make_unique<RangeRestriction>(t);
  if (m.gradient_guard) guard = std::make_unique<GradientGuard>(t);
  HookChain chain;
  chain.add(&injector);
  chain.add(range.get());
  chain.add(guard.get());
  chain.add(&monitor);

  InjectionResult r;
  r.steps_planned = steps;
  double checkpoint_seconds = 0;
  if (m.rollback) {
    const auto t0 = Clock::now();
    checkpoint = std::make_unique<Checkpoint>(t);
    checkpoint->save(t.step());
    ++r.checkpoints;
    checkpoint_seconds += seconds_since(t0);
  }

  TrainerHooks* saved_hooks = t.hooks();
  t.set_hooks(&chain);
  const std::uint64_t spe = t.steps_per_epoch();
  const std::uint64_t end = t.step() + steps;
  const float* params = t.network().params().data();
  const std::size_t param_size = t.network().params().size();
  LossResult epoch;
  std::int64_t first_broken = -1;  // first step after which a parameter was NaN/Inf
  while (t.step() < end) {
    const std::uint64_t s = t.step();
    if (s % spe == 0) epoch = LossResult{};
    const auto t0 = Clock::now();
    const LossResult step_loss = t.run_steps(s, 1);
    epoch += step_loss;
    monitor.end_step(s, step_loss);
    const bool broken = count_nonfinite(params, param_size) > 0;
    if (broken && first_broken < 0) first_broken = static_cast<std::int64_t>(s);
    if (broken && checkpoint) {
      const auto t1 = Clock::now();
      checkpoint->restore();
      ++r.rollbacks;
      checkpoint_seconds += seconds_since(t1);
    } else if (broken && !r.diverged) {
      r.diverged = true;
      r.diverged_step = static_cast<std::int64_t>(s);
    } else if (!broken && checkpoint && step_loss.nonfinite == 0 &&
               (s + 1) % m.checkpoint_every == 0) {
      // A good checkpoint needs finite optimizer state too: an infinite Adagrad or Adam second
      // moment would freeze its weight (g / sqrt(inf) = 0) or turn it NaN, after every restore.
      const auto t1 = Clock::now();
      bool state_ok = true;
      for (std::size_t k = 0; k < t.optimizer().state_count() && state_ok; ++k)
        state_ok = count_nonfinite(t.optimizer_state(k).data(), t.optimizer_state(k).size()) == 0;
      if (state_ok) {
        checkpoint->save(s + 1);
        ++r.checkpoints;
      }
      checkpoint_seconds += seconds_since(t1);
    }
    r.train_seconds += seconds_since(t0);
    ++r.steps_trained;
    if (progress) progress(r.steps_trained, steps);
    if (r.diverged && config_.stop_on_divergence) break;
  }
  t.set_hooks(saved_hooks);

  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::uint64_t finite = epoch.samples - epoch.nonfinite;
  r.final_loss = finite > 0 ? epoch.loss_sum / static_cast<double>(finite) : nan;
  r.final_train_accuracy =
      epoch.samples > 0 ? static_cast<double>(epoch.correct) / static_cast<double>(epoch.samples)
                        : nan;
  r.test_accuracy = nan;
  if (test.size() > 0) {
    const auto t0 = Clock::now();
    const LossResult e = t.evaluate(test);
    r.eval_seconds = seconds_since(t0);
    r.test_accuracy = static_cast<double>(e.correct) / static_cast<double>(e.samples);
    r.test_nonfinite = e.nonfinite;
  }

  // The first NaN/Inf anywhere: a loss or layer output (monitor), a gradient (guard), or a
  // parameter after the update (a gradient can overflow without any output being non-finite).
  r.first_nonfinite_step = monitor.first_nonfinite_step();
  for (std::int64_t s : {first_broken, guard ? guard->first_skipped_step() : std::int64_t{-1}}) {
    if (s >= 0 && (r.first_nonfinite_step < 0 || s < r.first_nonfinite_step))
      r.first_nonfinite_step = s;
  }
  r.nonfinite_samples = monitor.nonfinite_samples();
  r.nonfinite_outputs = monitor.nonfinite_outputs();
  r.first_nonfinite_output_step = monitor.first_nonfinite_output_step();
  r.flips = injector.flips();
  r.nonfinite_flips = injector.nonfinite_flips();
  r.restored_flips = injector.restored();
  r.flips_per_layer = injector.flips_per_layer();
  r.clamped = range ? range->clamped() : std::vector<std::uint64_t>(layers, 0);
  r.skipped_steps = guard ? guard->skipped_steps() : 0;
  r.mitigation_seconds =
      checkpoint_seconds + (range ? range->seconds() : 0.0) + (guard ? guard->seconds() : 0.0);
  r.params_hash = params_hash(t);
  return r;
}

}  // namespace sttvp::sw
