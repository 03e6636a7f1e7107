// What an open-loop fault injector does (sw/FaultInjector): which tensors of which layers it hits,
// with which probability (per bit or per value), when it samples flips and whether they stay.
//
// Target (the tensors of each chosen layer l) and the reads that the injector hooks:
//   inputs     activation l (what layer l reads; the output of layer l-1), the live part of each
//              share's buffer. Read by layer l's forward pass, then by its backward pass.
//   weights    layer l's weights and bias (shared by the shares). Read by layer l's forward and
//              backward pass of every share; written by the update.
//   gradients  layer l's weight and bias gradients of every share. Written by the backward pass,
//              read once, by the update (which sums the shares into share 0's buffer).
//   state      the optimizer state vectors of layer l's weights and bias (Adam m and v, Adagrad's
//              sum of squares, momentum's velocity). Written by one update, read by the next.
//
// Timing:
//   per_read       fresh flips are sampled for every hooked read: inputs and weights before layer
//                  l's forward and again before its backward pass (per share); gradients and
//                  state before the update.
//   per_residency  flips are sampled once per residency (from one write of the tensor to the next),
//                  before its first read, and every later read of that residency sees them:
//                  inputs before layer l's forward (per share), weights at the start of the step
//                  (they were written by the previous update), gradients and state before the
//                  update. Gradients and state are read once per residency, so for them the two
//                  timings are the same.
// Persistence:
//   persistent  the stored value stays wrong (what a retention failure in a dirty cache line
//               does): later reads, and everything computed from them, see it.
//   transient   the flips are undone right after the read they were sampled for (per_read) or
//               at the end of the residency's reads (per_residency: after layer l's backward pass
//               for inputs, before the update for weights), so memory keeps the right value (a
//               clean line whose copy in memory is intact). A value that was written in between
//               (by the program or by a mitigation) is not restored: the write wins, as it would
//               in memory. The optimizer rewrites every state value it reads, so transient state
//               flips act like persistent ones.
//
// Reads (forward_only): by default the hooked reads of inputs and weights are layer l's forward
// and backward passes; with forward_only only its forward passes (per_read samples there alone;
// per_residency transient flips are undone right after the forward pass), so the backward pass
// computes the gradients from the right values: errors in the forward propagation only.
//
// Rate:
//   per_bit    every selected bit (bit_mask) of every value of the tensor flips independently with
//              probability p at each sampling; other bits never flip.
//   per_value  every value of the tensor is hit with probability p at each sampling, and a hit
//              flips one of the selected bits, chosen uniformly: at most one flip per value and
//              sampling, p per value whatever the number of selected bits (a fault model that
//              counts failing words rather than failing cells).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/EnumTable.h"

namespace sttvp::sw {

enum class FaultTarget : std::uint8_t { None, Inputs, Weights, Gradients, State };
enum class FaultTiming : std::uint8_t { PerRead, PerResidency };
enum class FaultPersistence : std::uint8_t { Persistent, Transient };
enum class FaultRate : std::uint8_t { PerBit, PerValue };

// Their names in campaign specs and results.
inline constexpr EnumTable<FaultTarget, 5> kFaultTargets{{{{FaultTarget::None, "none"},
                                                           {FaultTarget::Inputs, "inputs"},
                                                           {FaultTarget::Weights, "weights"},
                                                           {FaultTarget::Gradients, "gradients"},
                                                           {FaultTarget::State, "state"}}}};
inline constexpr EnumTable<FaultTiming, 2> kFaultTimings{
    {{{FaultTiming::PerRead, "per_read"}, {FaultTiming::PerResidency, "per_residency"}}}};
inline constexpr EnumTable<FaultPersistence, 2> kFaultPersistences{
    {{{FaultPersistence::Persistent, "persistent"}, {FaultPersistence::Transient, "transient"}}}};
inline constexpr EnumTable<FaultRate, 2> kFaultRates{
    {{{FaultRate::PerBit, "per_bit"}, {FaultRate::PerValue, "per_value"}}}};

struct FaultConfig {
  FaultTarget target = FaultTarget::None;
  std::vector<std::size_t> layers;  // layers whose tensors are hit
  double p = 0.0;                   // flip probability per bit or per value (rate), per sampling
  FaultTiming timing = FaultTiming::PerRead;
  FaultPersistence persistence = FaultPersistence::Persistent;
  FaultRate rate = FaultRate::PerBit;
  std::uint32_t bit_mask = 0xffffffffu;  // bit i selects bit i of the float32 (31 = sign)
  std::uint64_t seed = 1;                // of the flips only (independent of weights and order)
  bool forward_only = false;             // hook only the forward passes' reads

  bool active() const { return target != FaultTarget::None && !layers.empty(); }
  // Throws std::invalid_argument naming the offending field.
  void validate(std::size_t layer_count) const;
};

}  // namespace sttvp::sw
