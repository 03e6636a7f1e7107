#include "sw/train/Trainer.h"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sw/nn/Rng.h"
#include "sw/probe/Probe.h"

namespace sttvp::sw {
namespace {

constexpr std::size_t kLineFloats = 16;
constexpr std::size_t kReduceChunk = 1024;  // floats per reduction/update report (4 KB)
constexpr std::size_t kMaxStates = 4;

Network make_network(const TrainerConfig& config) {
  if (config.net == NetKind::Mlp) return Network::mlp(config.mlp, config.seed, config.tiling);
  return Network::lenet5(config.seed, config.tiling);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Share s of n items out of `parts`: [s n / parts, (s + 1) n / parts).
std::size_t share_begin(std::size_t s, std::size_t n, std::size_t parts) { return s * n / parts; }

}  // namespace

Trainer::Trainer(const TrainerConfig& config, const TrainingData& train, const TrainingData& test,
                 Executor& executor)
    : config_(config),
      train_(train),
      test_(test),
      executor_(&executor),
      network_((config.validate(), make_network(config))),
      loss_(Loss::create(config.loss, config.target_high, config.target_low)),
      optimizer_(Optimizer::create(config.optimizer)) {
  check_data(train_, "training");
  if (train_.size() == 0) throw std::invalid_argument("Trainer: empty training set");
  if (test_.size() > 0) check_data(test_, "test");
  const std::size_t capacity = (config_.minibatch + config_.shares - 1) / config_.shares;
  workspaces_.reserve(config_.shares);
  for (unsigned s = 0; s < config_.shares; ++s) workspaces_.emplace_back(network_, capacity);
  if (optimizer_->state_count() > kMaxStates) throw std::logic_error("Trainer: too many states");
  for (std::size_t s = 0; s < optimizer_->state_count(); ++s) {
    state_.emplace_back(network_.param_size());
  }
  share_results_.resize(config_.shares);
}

void Trainer::check_data(const TrainingData& data, const char* what) const {
  data.validate();
  if (data.sample_size() != network_.input_size()) {
    throw std::invalid_argument(std::string("Trainer: ") + what + " samples have " +
                                std::to_string(data.sample_size()) + " values, the network '" +
                                network_.name() + "' takes " +
                                std::to_string(network_.input_size()));
  }
  if (data.classes > network_.output_size()) {
    throw std::invalid_argument(std::string("Trainer: ") + what + " set has more classes than " +
                                "the network has outputs");
  }
}

std::uint64_t Trainer::steps_per_epoch() const {
  return (train_.size() + config_.minibatch - 1) / config_.minibatch;
}

void Trainer::resume(std::uint64_t step) {
  if (step_ != 0) throw std::logic_error("Trainer::resume: the run has already trained");
  step_ = step;
  optimizer_->resume(step);
}

std::vector<EpochStats> Trainer::train(const EpochCallback& on_epoch) {
  std::vector<EpochStats> history;
  for (unsigned e = 0; e < config_.epochs; ++e) {
    history.push_back(run_epoch());
    if (on_epoch) on_epoch(history.back());
  }
  return history;
}

EpochStats Trainer::run_epoch() {
  const auto t0 = std::chrono::steady_clock::now();
  const std::uint64_t spe = steps_per_epoch();
  const std::uint64_t end = (step_ / spe + 1) * spe;
  EpochStats stats;
  stats.epoch = static_cast<unsigned>(end / spe);
  stats.steps = end - step_;
  const LossResult r = run_steps(step_, end - step_);
  stats.seconds = seconds_since(t0);
  const std::uint64_t finite = r.samples - r.nonfinite;
  stats.loss = finite > 0 ? r.loss_sum / static_cast<double>(finite)
                          : std::numeric_limits<double>::quiet_NaN();
  stats.train_accuracy =
      r.samples > 0 ? static_cast<double>(r.correct) / static_cast<double>(r.samples) : 0.0;
  stats.nonfinite = r.nonfinite;
  stats.test_loss = std::numeric_limits<double>::quiet_NaN();
  stats.test_accuracy = std::numeric_limits<double>::quiet_NaN();
  if (config_.evaluate_test && test_.size() > 0) {
    const auto t1 = std::chrono::steady_clock::now();
    const LossResult t = evaluate(test_);
    stats.eval_seconds = seconds_since(t1);
    const std::uint64_t test_finite = t.samples - t.nonfinite;
    if (test_finite > 0) stats.test_loss = t.loss_sum / static_cast<double>(test_finite);
    stats.test_accuracy = static_cast<double>(t.correct) / static_cast<double>(t.samples);
    stats.test_nonfinite = t.nonfinite;
  }
  stats.nonfinite_params = nonfinite_params();
  return stats;
}

LossResult Trainer::run_steps(std::uint64_t first_step, std::uint64_t count) {
  if (first_step < step_) {
    throw std::logic_error("Trainer::run_steps: step " + std::to_string(first_step) +
                           " is behind the current step " + std::to_string(step_));
  }
  if (first_step > step_) {
    SerialExecutor serial(config_.shares);
    Executor* saved = executor_;
    executor_ = &serial;
    while (step_ < first_step) train_step();
    executor_ = saved;
  }
  LossResult total;
  for (std::uint64_t i = 0; i < count; ++i) {
    train_step();
    for (const LossResult& r : share_results_) total += r;
  }
  return total;
}

void Trainer::parallel_over_shares(const std::function<void(unsigned share)>& body) {
  const unsigned workers = executor_->workers();
  if (workers == 0) throw std::logic_error("Trainer: the executor has no workers");
  executor_->parallel([&](unsigned worker) {
    for (unsigned s = worker; s < config_.shares; s += workers) body(s);
  });
}

void Trainer::train_step() {
  const std::uint64_t spe = steps_per_epoch();
  const std::vector<std::size_t>& order = epoch_order(step_ / spe);
  const std::size_t begin = static_cast<std::size_t>(step_ % spe) * config_.minibatch;
  const std::size_t batch = std::min(config_.minibatch, train_.size() - begin);
  const unsigned shares = config_.shares;
  if (hooks_ != nullptr) hooks_->begin_step(step_);
  optimizer_->set_alpha(config_.learning_rate(step_, spe));
  optimizer_->begin_step();
  parallel_over_shares([&](unsigned s) {
    const std::size_t lo = share_begin(s, batch, shares);
    const std::size_t hi = share_begin(s + 1, batch, shares);
    run_share(s, order.data() + begin + lo, hi - lo, train_, true, lo);
  });
  const float scale = 1.0f / static_cast<float>(batch);
  const bool update = hooks_ == nullptr || hooks_->before_update(step_);
  if (update) parallel_over_shares([&](unsigned s) { update_slice(s, scale); });
  if (hooks_ != nullptr) hooks_->after_update(step_, update);
  ++step_;
}

const std::vector<std::size_t>& Trainer::epoch_order(std::uint64_t epoch) {
  if (epoch == order_epoch_) return order_;
  order_.resize(train_.size());
  std::iota(order_.begin(), order_.end(), std::size_t{0});
  if (config_.shuffle) {
    // Fisher-Yates from a generator seeded by (seed, epoch) alone.
    Rng rng(config_.seed * 0x9e3779b97f4a7c15ULL + (epoch + 1) * 0xd1b54a32d192ed03ULL);
    for (std::size_t i = order_.size(); i > 1; --i) {
      std::swap(order_[i - 1], order_[static_cast<std::size_t>(rng.below(i))]);
    }
  }
  order_epoch_ = epoch;
  return order_;
}

void Trainer::copy_augmented(const float* src, float* dst, const TrainingData& data,
                             std::size_t slot) const {
  // One generator per (seed, step, slot in the minibatch): the same image whoever copies it.
  Rng rng(config_.seed ^ (step_ * 0x9e3779b97f4a7c15ULL) ^ ((slot + 1) * 0xbf58476d1ce4e5b9ULL));
  const Augmentation& a = config_.augment;
  const auto h = static_cast<long>(data.height);
  const auto w = static_cast<long>(data.width);
  if (!a.affine()) {
    const auto range = static_cast<std::uint64_t>(2 * a.shift + 1);
    const long shift = static_cast<long>(a.shift);
    const long dx = static_cast<long>(rng.below(range)) - shift;
    const long dy = static_cast<long>(rng.below(range)) - shift;
    for (std::size_t c = 0; c < data.channels; ++c) {
      const float* s = src + c * data.height * data.width;
      float* d = dst + c * data.height * data.width;
      const float background = s[0];
      for (long y = 0; y < h; ++y) {
        for (long x = 0; x < w; ++x) {
          const long sy = y - dy;
          const long sx = x - dx;
          d[y * w + x] = (sy >= 0 && sy < h && sx >= 0 && sx < w) ? s[sy * w + sx] : background;
        }
      }
    }
    return;
  }
  // Output pixel p samples the source at c + M^-1 (p - c - t): rotation by angle, scale z.
  const float shift = static_cast<float>(a.shift);
  const float angle = rng.uniform(-a.rotate_degrees, a.rotate_degrees) * 3.14159265f / 180.0f;
  const float zoom = rng.uniform(1.0f - a.scale, 1.0f + a.scale);
  const float tx = rng.uniform(-shift, shift);
  const float ty = rng.uniform(-shift, shift);
  const float cs = std::cos(angle) / zoom;
  const float sn = std::sin(angle) / zoom;
  const float cx = 0.5f * static_cast<float>(w - 1);
  const float cy = 0.5f * static_cast<float>(h - 1);
  for (std::size_t c = 0; c < data.channels; ++c) {
    const float* s = src + c * data.height * data.width;
    float* d = dst + c * data.height * data.width;
    const float background = s[0];
    const auto at = [&](long y, long x) {
      return (y >= 0 && y < h && x >= 0 && x < w) ? s[y * w + x] : background;
    };
    for (long y = 0; y < h; ++y) {
      for (long x = 0; x < w; ++x) {
        const float px = static_cast<float>(x) - cx - tx;
        const float py = static_cast<float>(y) - cy - ty;
        const float sx = cs * px + sn * py + cx;
        const float sy = -sn * px + cs * py + cy;
        const float fx = std::floor(sx);
        const float fy = std::floor(sy);
        const float ax = sx - fx;
        const float ay = sy - fy;
        const long x0 = static_cast<long>(fx);
        const long y0 = static_cast<long>(fy);
        d[y * w + x] = (1 - ay) * ((1 - ax) * at(y0, x0) + ax * at(y0, x0 + 1)) +
                       ay * ((1 - ax) * at(y0 + 1, x0) + ax * at(y0 + 1, x0 + 1));
      }
    }
  }
}

void Trainer::run_share(unsigned share, const std::size_t* indices, std::size_t n,
                        const TrainingData& data, bool training, std::size_t first_slot) {
  Workspace& ws = workspaces_[share];
  const std::size_t size = data.sample_size();
  phase(Phase::Other);
  float* x = ws.activation(0).data();
  const bool augment = training && config_.augment.active();
  for (std::size_t i = 0; i < n; ++i) {
    const float* src = data.images.data() + indices[i] * size;
    read(src, size * sizeof(float));
    if (augment) {
      copy_augmented(src, x + i * size, data, first_slot + i);
    } else {
      std::memcpy(x + i * size, src, size * sizeof(float));
    }
    write(x + i * size, size * sizeof(float));
    read(data.labels.data() + indices[i], 1);
    ws.labels()[i] = data.labels[indices[i]];
  }
  write(ws.labels(), n);
  const bool hooked = training && hooks_ != nullptr;
  if (hooked)
    forward_hooked(share, ws, n);
  else
    network_.forward(ws, n);
  const std::size_t layers = network_.layer_count();
  phase(training ? Phase::Backward : Phase::Forward, kNoLayer);
  share_results_[share] =
      loss_->evaluate(ws.activation(layers).data(), ws.labels(), n, network_.output_size(),
                      training ? ws.delta(layers).data() : nullptr);
  if (hooked)
    backward_hooked(share, ws, n);
  else if (training)
    network_.backward(ws, n);
}

// Network::forward and Network::backward layer by layer, with the hooks around each layer: a
// run whose hooks change nothing is bit-identical to one without hooks.
void Trainer::forward_hooked(unsigned share, Workspace& ws, std::size_t n) {
  for (std::size_t l = 0; l < network_.layer_count(); ++l) {
    hooks_->before_forward(share, l, n);
    network_.forward_layer(l, ws, n);
    hooks_->after_forward(share, l, n);
  }
}

void Trainer::backward_hooked(unsigned share, Workspace& ws, std::size_t n) {
  for (std::size_t l = network_.layer_count(); l-- > 0;) {
    hooks_->before_backward(share, l, n);
    network_.backward_layer(l, ws, n);
    hooks_->after_backward(share, l, n);
  }
}

void Trainer::update_slice(unsigned share, float scale) {
  const std::size_t total = network_.param_size();
  const unsigned shares = config_.shares;
  const auto bound = [&](unsigned s) {
    return s == shares ? total : share_begin(s, total, shares) / kLineFloats * kLineFloats;
  };
  const std::size_t lo = bound(share);
  const std::size_t hi = bound(share + 1);
  for (std::size_t l = 0; l < network_.layer_count(); ++l) {
    const ParamRange& r = network_.param_range(l);
    bool marked = false;
    for (const auto& [offset, count] :
         {std::pair{r.weight_offset, r.weight_count}, std::pair{r.bias_offset, r.bias_count}}) {
      const std::size_t a = std::max(lo, offset);
      const std::size_t b = std::min(hi, offset + count);
      if (a >= b) continue;
      if (!marked) phase(Phase::Update, static_cast<int>(l));
      marked = true;
      reduce_and_update(a, b - a, scale);
    }
  }
}

void Trainer::reduce_and_update(std::size_t offset, std::size_t count, float scale) {
  float* w = network_.params().data();
  float* states[kMaxStates] = {};
  for (std::size_t i = 0; i < count; i += kReduceChunk) {
    const std::size_t at = offset + i;
    const std::size_t len = std::min(kReduceChunk, count - i);
    const std::size_t bytes = len * sizeof(float);
    const auto e = static_cast<Eigen::Index>(len);
    float* g0 = workspaces_[0].gradient().data() + at;
    if (workspaces_.size() > 1) {
      // Shares are summed in index order: ((g0 + g1) + g2) + ...
      read(g0, bytes);
      Eigen::Map<Eigen::ArrayXf> sum(g0, e);
      for (std::size_t s = 1; s < workspaces_.size(); ++s) {
        const float* gs = workspaces_[s].gradient().data() + at;
        read(gs, bytes);
        sum += Eigen::Map<const Eigen::ArrayXf>(gs, e);
        compute(len);
      }
      write(g0, bytes);
    }
    for (std::size_t s = 0; s < state_.size(); ++s) states[s] = state_[s].data() + at;
    optimizer_->update(w + at, g0, states, len, scale);
  }
}

LossResult Trainer::evaluate(const TrainingData& data) {
  check_data(data, "evaluation");
  if (identity_.size() < data.size()) {
    identity_.resize(data.size());
    std::iota(identity_.begin(), identity_.end(), std::size_t{0});
  }
  LossResult total;
  const unsigned shares = config_.shares;
  for (std::size_t begin = 0; begin < data.size(); begin += config_.minibatch) {
    const std::size_t batch = std::min(config_.minibatch, data.size() - begin);
    parallel_over_shares([&](unsigned s) {
      const std::size_t lo = share_begin(s, batch, shares);
      const std::size_t hi = share_begin(s + 1, batch, shares);
      run_share(s, identity_.data() + begin + lo, hi - lo, data, false, lo);
    });
    for (const LossResult& r : share_results_) total += r;
  }
  return total;
}

std::uint64_t Trainer::nonfinite_params() const {
  std::uint64_t count = 0;
  const float* p = network_.params().data();
  const auto scan = [&](std::size_t offset, std::size_t n) {
    for (std::size_t i = offset; i < offset + n; ++i) count += std::isfinite(p[i]) ? 0 : 1;
  };
  for (std::size_t l = 0; l < network_.layer_count(); ++l) {
    const ParamRange& r = network_.param_range(l);
    scan(r.weight_offset, r.weight_count);
    scan(r.bias_offset, r.bias_count);
  }
  return count;
}

std::vector<BufferInfo> Trainer::buffers() const {
  std::vector<BufferInfo> out;
  const auto add = [&](std::size_t l, BufferKind kind, int share, int state, const float* data,
                       std::size_t count) {
    if (data == nullptr || count == 0) return;
    BufferInfo info;
    info.name =
        "layer" + std::to_string(l) + "." + network_.layer(l).type() + "." + buffer_kind_name(kind);
    if (state >= 0) info.name += std::to_string(state);
    if (share >= 0) info.name += "[share" + std::to_string(share) + "]";
    info.kind = kind;
    info.layer = static_cast<int>(l);
    info.share = share;
    info.state = state;
    info.data = const_cast<float*>(data);
    info.count = count;
    out.push_back(std::move(info));
  };
  const float* params = network_.params().data();
  for (std::size_t l = 0; l < network_.layer_count(); ++l) {
    const Layer& layer = network_.layer(l);
    const ParamRange& r = network_.param_range(l);
    add(l, BufferKind::Weights, -1, -1, params + r.weight_offset, r.weight_count);
    add(l, BufferKind::Bias, -1, -1, params + r.bias_offset, r.bias_count);
    for (std::size_t s = 0; s < state_.size(); ++s) {
      add(l, BufferKind::WeightState, -1, static_cast<int>(s), state_[s].data() + r.weight_offset,
          r.weight_count);
      add(l, BufferKind::BiasState, -1, static_cast<int>(s), state_[s].data() + r.bias_offset,
          r.bias_count);
    }
    for (std::size_t s = 0; s < workspaces_.size(); ++s) {
      const Workspace& ws = workspaces_[s];
      const int share = static_cast<int>(s);
      const std::size_t cap = ws.capacity();
      add(l, BufferKind::Input, share, -1, ws.activation(l).data(), cap * layer.in_size());
      add(l, BufferKind::Output, share, -1, ws.activation(l + 1).data(), cap * layer.out_size());
      if (l > 0) {
        add(l, BufferKind::InputGradient, share, -1, ws.delta(l).data(), cap * layer.in_size());
      }
      add(l, BufferKind::OutputGradient, share, -1, ws.delta(l + 1).data(), cap * layer.out_size());
      add(l, BufferKind::WeightGradient, share, -1, ws.gradient().data() + r.weight_offset,
          r.weight_count);
      add(l, BufferKind::BiasGradient, share, -1, ws.gradient().data() + r.bias_offset,
          r.bias_count);
      add(l, BufferKind::Scratch, share, -1, ws.scratch(l).data(), ws.scratch(l).size());
    }
  }
  return out;
}

std::vector<BufferInfo> Trainer::buffers(int layer, BufferKind kind) const {
  std::vector<BufferInfo> all = buffers();
  std::vector<BufferInfo> out;
  for (BufferInfo& b : all) {
    if (b.layer == layer && b.kind == kind) out.push_back(std::move(b));
  }
  return out;
}

}  // namespace sttvp::sw
