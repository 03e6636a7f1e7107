// Call sites inside a training step for fault injection, monitoring and software mitigations.
//
// A Trainer with hooks (Trainer::set_hooks) calls them at these points of every training step
// (never during Trainer::evaluate); without hooks it runs exactly as before and pays one null
// test per share and step:
//
//   begin_step(s)             before anything of step s runs;
//   for each share, for each layer l = 0 .. L-1:
//     before_forward(share, l, n), layer l's forward pass, after_forward(share, l, n);
//   the loss; then for each layer l = L-1 .. 0:
//     before_backward(share, l, n), layer l's backward pass, after_backward(share, l, n);
//   before_update(s)          every share's parameter gradient is complete; returning false
//                             skips this step's update (the minibatch is dropped);
//   after_update(s, updated)  the update, if any, is done.
//
// n is the number of samples of the share (the live part of its activation buffers). The hooks
// reach the tensors through Trainer::buffers(). The shares of a step may run interleaved on the
// simulated cores (one SystemC thread each), so a hook must not depend on the order of calls of
// different shares; within one share the order above holds. begin_step, before_update and
// after_update run on the driver, outside the parallel regions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sttvp::sw {

class TrainerHooks {
 public:
  virtual ~TrainerHooks() = default;

  virtual void begin_step(std::uint64_t /*step*/) {}
  virtual void before_forward(unsigned /*share*/, std::size_t /*layer*/, std::size_t /*n*/) {}
  virtual void after_forward(unsigned /*share*/, std::size_t /*layer*/, std::size_t /*n*/) {}
  virtual void before_backward(unsigned /*share*/, std::size_t /*layer*/, std::size_t /*n*/) {}
  virtual void after_backward(unsigned /*share*/, std::size_t /*layer*/, std::size_t /*n*/) {}
  virtual bool before_update(std::uint64_t /*step*/) { return true; }
  virtual void after_update(std::uint64_t /*step*/, bool /*updated*/) {}
};

}  // namespace sttvp::sw
