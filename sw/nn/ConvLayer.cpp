#include "sw/nn/ConvLayer.h"

#include <algorithm>
#include <stdexcept>

#include "sw/nn/Kernels.h"
#include "sw/nn/Rng.h"

namespace sttvp::sw {
namespace {

Shape3 conv_output(const Shape3& in, std::size_t out_channels, std::size_t kernel) {
  if (kernel == 0 || kernel > in.height || kernel > in.width) {
    throw std::invalid_argument("ConvLayer: kernel larger than the input map");
  }
  return {out_channels, in.height - kernel + 1, in.width - kernel + 1};
}

}  // namespace

ConvLayer::ConvLayer(Shape3 in, std::size_t out_channels, std::size_t kernel,
                     std::optional<ConnectionTable> table, GemmTiling tiling)
    : Layer(in, conv_output(in, out_channels, kernel)),
      kernel_(kernel),
      k2_(kernel * kernel),
      positions_(out_shape().height * out_shape().width),
      depth_(in.channels * kernel * kernel),
      table_(std::move(table)),
      weight_count_(out_channels * in.channels * kernel * kernel),
      gemm_(tiling) {
  if (!table_) return;
  if (table_->in_channels() != in.channels || table_->out_channels() != out_channels) {
    throw std::invalid_argument("ConvLayer: connection table does not match the channels");
  }
  if (positions_ == 1) {
    throw std::invalid_argument("ConvLayer: a connection table needs more than one position");
  }
  outputs_of_input_.resize(in.channels);
  first_input_of_output_.assign(in.channels * out_channels, false);
  std::vector<bool> seen(out_channels, false);
  std::size_t offset = 0;
  for (std::size_t i = 0; i < in.channels; ++i) {
    block_offset_.push_back(offset);
    for (std::size_t o = 0; o < out_channels; ++o) {
      if (!table_->connected(i, o)) continue;
      outputs_of_input_[i].push_back(o);
      first_input_of_output_[i * out_channels + o] = !seen[o];
      seen[o] = true;
    }
    offset += outputs_of_input_[i].size() * k2_;
    max_outputs_per_input_ = std::max(max_outputs_per_input_, outputs_of_input_[i].size());
  }
  if (std::find(seen.begin(), seen.end(), false) != seen.end()) {
    throw std::invalid_argument("ConvLayer: every output map needs at least one input map");
  }
  weight_count_ = offset;
}

void ConvLayer::init_params(float* weights, float* bias, Rng& rng) const {
  // tiny-dnn: fan-in = C_in k^2 and fan-out = C_out k^2, whether or not a table is used.
  xavier_uniform(weights, weight_count_, depth_, out_shape().channels * k2_, rng);
  std::fill(bias, bias + out_shape().channels, 0.0f);
}

std::size_t ConvLayer::scratch_size(std::size_t /*n*/) const {
  if (positions_ == 1) return 0;
  return depth_ * positions_ + max_outputs_per_input_ * positions_;
}

void ConvLayer::forward(const LayerParams& params, const LayerIo& io) const {
  const std::size_t cout = out_shape().channels;
  if (positions_ == 1) {
    kernels::dense_forward(gemm_, io.x, params.weights, params.bias, io.y, io.n, depth_, cout);
    return;
  }
  for (std::size_t s = 0; s < io.n; ++s) {
    forward_sample(params, io.x + s * in_size(), io.y + s * out_size(), io.scratch);
  }
}

void ConvLayer::forward_sample(const LayerParams& params, const float* x, float* y,
                               float* scratch) const {
  const Shape3& in = in_shape();
  const std::size_t cout = out_shape().channels;
  const std::size_t map = in.height * in.width;
  float* col = scratch;
  for (std::size_t c = 0; c < in.channels; ++c) {
    kernels::im2col_channel(x + c * map, in.height, in.width, kernel_, col + c * k2_ * positions_);
  }
  if (!table_) {
    gemm_.run(cout, positions_, depth_, {params.weights, depth_, Transpose::No},
              {col, positions_, Transpose::No}, y, positions_, false);
  } else {
    float* t = scratch + depth_ * positions_;
    for (std::size_t i = 0; i < in.channels; ++i) {
      const std::vector<std::size_t>& outs = outputs_of_input_[i];
      if (outs.empty()) continue;
      gemm_.run(outs.size(), positions_, k2_, {params.weights + block_offset_[i], k2_},
                {col + i * k2_ * positions_, positions_}, t, positions_, false);
      for (std::size_t j = 0; j < outs.size(); ++j) {
        kernels::copy_or_add(t + j * positions_, y + outs[j] * positions_, positions_,
                             first_input_of_output_[i * cout + outs[j]]);
      }
    }
  }
  kernels::add_bias_rows(y, cout, positions_, params.bias);
}

void ConvLayer::backward(const LayerParams& params, const LayerGradients& grads,
                         const LayerIo& io) const {
  const std::size_t cout = out_shape().channels;
  if (positions_ == 1) {
    kernels::dense_backward(gemm_, io.x, params.weights, io.dy, grads.weights, grads.bias, io.dx,
                            io.n, depth_, cout);
    return;
  }
  if (io.n == 0) {
    kernels::fill_zero(grads.weights, weight_count_);
    kernels::fill_zero(grads.bias, cout);
    return;
  }
  for (std::size_t s = 0; s < io.n; ++s) {
    backward_sample(params, grads, io.x + s * in_size(), io.dy + s * out_size(),
                    io.dx != nullptr ? io.dx + s * in_size() : nullptr, io.scratch, s > 0);
  }
}

void ConvLayer::backward_sample(const LayerParams& params, const LayerGradients& grads,
                                const float* x, const float* dy, float* dx, float* scratch,
                                bool accumulate) const {
  const Shape3& in = in_shape();
  const std::size_t cout = out_shape().channels;
  const std::size_t map = in.height * in.width;
  float* col = scratch;
  kernels::bias_grad_rows(dy, cout, positions_, grads.bias, accumulate);
  for (std::size_t c = 0; c < in.channels; ++c) {
    kernels::im2col_channel(x + c * map, in.height, in.width, kernel_, col + c * k2_ * positions_);
  }
  if (!table_) {
    gemm_.run(cout, depth_, positions_, {dy, positions_, Transpose::No},
              {col, positions_, Transpose::Yes}, grads.weights, depth_, accumulate);
    if (dx == nullptr) return;
    // The unfolded input is no longer needed: dcol overwrites it.
    gemm_.run(depth_, positions_, cout, {params.weights, depth_, Transpose::Yes},
              {dy, positions_, Transpose::No}, col, positions_, false);
    for (std::size_t c = 0; c < in.channels; ++c) {
      kernels::col2im_channel(col + c * k2_ * positions_, in.height, in.width, kernel_,
                              dx + c * map);
    }
    return;
  }
  float* t = scratch + depth_ * positions_;
  for (std::size_t i = 0; i < in.channels; ++i) {
    const std::vector<std::size_t>& outs = outputs_of_input_[i];
    float* col_i = col + i * k2_ * positions_;
    if (outs.empty()) {
      if (dx != nullptr) kernels::fill_zero(dx + i * map, map);
      continue;
    }
    for (std::size_t j = 0; j < outs.size(); ++j) {
      kernels::copy_or_add(dy + outs[j] * positions_, t + j * positions_, positions_, true);
    }
    gemm_.run(outs.size(), k2_, positions_, {t, positions_, Transpose::No},
              {col_i, positions_, Transpose::Yes}, grads.weights + block_offset_[i], k2_,
              accumulate);
    if (dx == nullptr) continue;
    gemm_.run(k2_, positions_, outs.size(),
              {params.weights + block_offset_[i], k2_, Transpose::Yes},
              {t, positions_, Transpose::No}, col_i, positions_, false);
    kernels::col2im_channel(col_i, in.height, in.width, kernel_, dx + i * map);
  }
}

}  // namespace sttvp::sw
