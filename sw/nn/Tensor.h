// A float32 buffer for activations, parameters, gradients and optimizer state: contiguous,
// 64-byte aligned (one cache line), zero-filled on creation. The simulated platform uses the host
// address of every element as its simulated address, so a tensor never moves once created
// (moving the Tensor object moves ownership, not the data), and its memory comes from the Arena,
// which gives the same addresses in every run.
#pragma once

#include <cstddef>
#include <memory>

namespace sttvp::sw {

class Tensor {
 public:
  static constexpr std::size_t kAlignment = 64;

  Tensor() = default;
  explicit Tensor(std::size_t count);

  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return size_ * sizeof(float); }
  bool empty() const { return size_ == 0; }
  float& operator[](std::size_t i) { return data_[i]; }
  float operator[](std::size_t i) const { return data_[i]; }

  void fill(float value);

 private:
  struct Free {
    void operator()(float* p) const;
  };
  std::unique_ptr<float[], Free> data_;
  std::size_t size_ = 0;
};

}  // namespace sttvp::sw
