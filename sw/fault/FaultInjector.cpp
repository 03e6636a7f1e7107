#include "sw/fault/FaultInjector.h"

#include <algorithm>
#include <stdexcept>

#include "sw/nn/NonFinite.h"

namespace sttvp::sw {

namespace {

// Domain tag of the injector's generator: its draws never coincide with another user's of the
// same seed.
constexpr std::uint64_t kInjectorTag = 0x466c697073ULL;  // "Flips"

// The stream key of one sampling within a step: layer, tensor (kind and state), share, read.
std::uint64_t read_key(std::size_t layer, BufferKind kind, int state, int share, ReadEvent read) {
  return (static_cast<std::uint64_t>(layer) << 32) | (static_cast<std::uint64_t>(kind) << 24) |
         (static_cast<std::uint64_t>(state + 1) << 20) |
         (static_cast<std::uint64_t>(share + 1) << 4) | static_cast<std::uint64_t>(read);
}

std::vector<BufferKind> kinds_of(FaultTarget target) {
  switch (target) {
    case FaultTarget::Inputs:
      return {BufferKind::Input};
    case FaultTarget::Weights:
      return {BufferKind::Weights, BufferKind::Bias};
    case FaultTarget::Gradients:
      return {BufferKind::WeightGradient, BufferKind::BiasGradient};
    case FaultTarget::State:
      return {BufferKind::WeightState, BufferKind::BiasState};
    case FaultTarget::None:
      break;
  }
  return {};
}

}  // namespace

FaultInjector::FaultInjector(Trainer& trainer, const FaultConfig& config)
    : trainer_(trainer),
      config_(config),
      sampler_(config.p, config.bit_mask, config.rate),
      rng_(CounterRng(config.seed).fork(kInjectorTag)),
      transient_(config.persistence == FaultPersistence::Transient) {
  layers_ = trainer.network().layer_count();
  config_.validate(layers_);
  shares_ = trainer.config().shares;
  target_.assign(layers_, false);
  tensors_.resize(layers_);
  for (std::size_t l : config_.layers) {
    if (target_[l]) continue;
    target_[l] = true;
    for (BufferKind kind : kinds_of(config_.target)) {
      for (const BufferInfo& b : trainer.buffers(static_cast<int>(l), kind))
        tensors_[l].push_back({b.kind, b.state, b.share, b.data, b.count});
    }
  }
  undo_forward_.resize(static_cast<std::size_t>(shares_) * layers_);
  undo_backward_.resize(static_cast<std::size_t>(shares_) * layers_);
  flips_per_layer_.assign(layers_, 0);
  nonfinite_flips_per_layer_.assign(layers_, 0);
}

void FaultInjector::set_replay(const FlipLog* log) {
  replay_ = log;
  replay_index_.clear();
  if (log == nullptr) return;
  const std::vector<BufferKind> kinds = kinds_of(config_.target);
  for (const FlipRecord& r : log->records()) {
    // A flip this injector would never reach would be dropped silently: refuse the log instead.
    const bool reachable = r.layer >= 0 && targets(static_cast<std::size_t>(r.layer)) &&
                           std::find(kinds.begin(), kinds.end(), r.kind) != kinds.end();
    if (!reachable) {
      throw std::invalid_argument("FaultInjector: the flip log has flips in layer " +
                                  std::to_string(r.layer) + " " + tensor_name(r.kind, r.state) +
                                  ", which this fault config (" +
                                  kFaultTargets.name(config_.target) + ") does not target");
    }
    const ReplayKey key{r.step,  r.layer, static_cast<int>(r.kind),
                        r.state, r.share, static_cast<int>(r.read)};
    replay_index_[key].emplace_back(r.element, r.bit);
  }
}

std::vector<FaultInjector::Undo>& FaultInjector::share_undo(unsigned share, std::size_t layer,
                                                            bool backward) {
  const std::size_t i = static_cast<std::size_t>(share) * layers_ + layer;
  return backward ? undo_backward_[i] : undo_forward_[i];
}

const FaultInjector::Tensor* FaultInjector::input_of(std::size_t layer, unsigned share) const {
  for (const Tensor& t : tensors_[layer])
    if (t.kind == BufferKind::Input && t.share == static_cast<int>(share)) return &t;
  return nullptr;
}

void FaultInjector::flip(std::size_t layer, const Tensor& t, int share, ReadEvent read,
                         std::uint64_t element, unsigned bit, std::vector<Undo>* undo) {
  float* at = t.data + element;
  const std::uint32_t before = float_bits(*at);
  const std::uint32_t after = before ^ (1u << bit);
  *at = bits_float(after);
  ++flips_;
  ++step_flips_;
  ++flips_per_layer_[layer];
  if (nonfinite_bits(after) && !nonfinite_bits(before)) {
    ++nonfinite_flips_;
    ++nonfinite_flips_per_layer_[layer];
  }
  if (undo != nullptr) undo->push_back({at, before, after});
  if (log_ != nullptr) {
    FlipRecord r;
    r.step = step_;
    r.layer = static_cast<int>(layer);
    r.kind = t.kind;
    r.state = t.state;
    r.share = share;
    r.read = read;
    r.element = element;
    r.bit = bit;
    r.before = bits_float(before);
    r.after = bits_float(after);
    log_->add(r);
  }
}

void FaultInjector::inject(std::size_t layer, const Tensor& t, int share, ReadEvent read,
                           std::size_t elements, std::vector<Undo>* undo) {
  if (replay_ != nullptr) {
    const ReplayKey key{step_, static_cast<int>(layer), static_cast<int>(t.kind), t.state,
                        share, static_cast<int>(read)};
    const auto it = replay_index_.find(key);
    if (it == replay_index_.end()) return;
    for (const auto& [element, bit] : it->second) {
      if (element >= elements) {
        throw std::runtime_error("FaultInjector: the replayed log flips element " +
                                 std::to_string(element) + " of a tensor of " +
                                 std::to_string(elements) + " values (another run's log?)");
      }
      flip(layer, t, share, read, element, bit, undo);
    }
    return;
  }
  if (config_.p <= 0.0) return;
  CounterRng::Stream stream = rng_.stream(step_, read_key(layer, t.kind, t.state, share, read));
  sampler_.sample(stream, elements, [&](std::uint64_t element, unsigned bit) {
    flip(layer, t, share, read, element, bit, undo);
  });
}

void FaultInjector::undo_all(std::vector<Undo>& undo) {
  // Newest first, so two flips of one word come undone in the right order.
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
    if (float_bits(*it->at) == it->after) {
      *it->at = bits_float(it->before);
      ++restored_;
    } else {
      ++overwritten_;
    }
  }
  undo.clear();
}

void FaultInjector::begin_step(std::uint64_t step) {
  step_ = step;
  step_flips_ = 0;
  if (config_.target != FaultTarget::Weights || config_.timing != FaultTiming::PerResidency) return;
  // The weights' residency: written by the previous update, read by this step's passes.
  for (std::size_t l = 0; l < layers_; ++l) {
    if (!targets(l)) continue;
    for (const Tensor& t : tensors_[l])
      inject(l, t, -1, ReadEvent::Residency, t.count, transient_ ? &undo_step_ : nullptr);
  }
}

void FaultInjector::before_forward(unsigned share, std::size_t layer, std::size_t n) {
  if (!targets(layer)) return;
  const bool per_read = config_.timing == FaultTiming::PerRead;
  if (config_.target == FaultTarget::Inputs) {
    const Tensor* t = input_of(layer, share);
    if (t == nullptr) return;
    const std::size_t elements = n * trainer_.network().layer(layer).in_size();
    if (per_read) {
      inject(layer, *t, static_cast<int>(share), ReadEvent::Forward, elements,
             transient_ ? &share_undo(share, layer, false) : nullptr);
    } else {
      // Undone, if transient, after the residency's last hooked read by this layer (its
      // backward pass, or its forward pass when only those are hooked).
      inject(layer, *t, static_cast<int>(share), ReadEvent::Residency, elements,
             transient_ ? &share_undo(share, layer, !config_.forward_only) : nullptr);
    }
  } else if (config_.target == FaultTarget::Weights && per_read) {
    for (const Tensor& t : tensors_[layer])
      inject(layer, t, static_cast<int>(share), ReadEvent::Forward, t.count,
             transient_ ? &share_undo(share, layer, false) : nullptr);
  }
}

void FaultInjector::after_forward(unsigned share, std::size_t layer, std::size_t /*n*/) {
  if (transient_ && targets(layer)) undo_all(share_undo(share, layer, false));
}

void FaultInjector::before_backward(unsigned share, std::size_t layer, std::size_t n) {
  if (!targets(layer) || config_.timing != FaultTiming::PerRead || config_.forward_only) return;
  if (config_.target == FaultTarget::Inputs) {
    const Tensor* t = input_of(layer, share);
    if (t == nullptr) return;
    inject(layer, *t, static_cast<int>(share), ReadEvent::Backward,
           n * trainer_.network().layer(layer).in_size(),
           transient_ ? &share_undo(share, layer, true) : nullptr);
  } else if (config_.target == FaultTarget::Weights) {
    for (const Tensor& t : tensors_[layer])
      inject(layer, t, static_cast<int>(share), ReadEvent::Backward, t.count,
             transient_ ? &share_undo(share, layer, true) : nullptr);
  }
}

void FaultInjector::after_backward(unsigned share, std::size_t layer, std::size_t /*n*/) {
  if (transient_ && targets(layer)) undo_all(share_undo(share, layer, true));
}

bool FaultInjector::before_update(std::uint64_t /*step*/) {
  // Transient flips of the weights' residency end before the update rewrites the weights.
  if (transient_) undo_all(undo_step_);
  if (config_.target != FaultTarget::Gradients && config_.target != FaultTarget::State) return true;
  for (std::size_t l = 0; l < layers_; ++l) {
    if (!targets(l)) continue;
    for (const Tensor& t : tensors_[l])
      inject(l, t, t.share, ReadEvent::Update, t.count, transient_ ? &undo_step_ : nullptr);
  }
  return true;
}

void FaultInjector::after_update(std::uint64_t /*step*/, bool /*updated*/) {
  if (transient_) undo_all(undo_step_);
}

}  // namespace sttvp::sw
