#include "sw/nn/BufferInfo.h"

namespace sttvp::sw {

const char* buffer_kind_name(BufferKind kind) {
  switch (kind) {
    case BufferKind::Input:
      return "input";
    case BufferKind::Output:
      return "output";
    case BufferKind::InputGradient:
      return "input_gradient";
    case BufferKind::OutputGradient:
      return "output_gradient";
    case BufferKind::Weights:
      return "weights";
    case BufferKind::Bias:
      return "bias";
    case BufferKind::WeightGradient:
      return "weight_gradient";
    case BufferKind::BiasGradient:
      return "bias_gradient";
    case BufferKind::WeightState:
      return "weight_state";
    case BufferKind::BiasState:
      return "bias_state";
    case BufferKind::Scratch:
      return "scratch";
  }
  return "unknown";
}

}  // namespace sttvp::sw
