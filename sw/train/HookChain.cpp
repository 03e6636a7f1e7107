#include "sw/train/HookChain.h"

namespace sttvp::sw {

void HookChain::begin_step(std::uint64_t step) {
  for (TrainerHooks* h : hooks_) h->begin_step(step);
}

void HookChain::before_forward(unsigned share, std::size_t layer, std::size_t n) {
  for (TrainerHooks* h : hooks_) h->before_forward(share, layer, n);
}

void HookChain::after_forward(unsigned share, std::size_t layer, std::size_t n) {
  for (auto it = hooks_.rbegin(); it != hooks_.rend(); ++it) (*it)->after_forward(share, layer, n);
}

void HookChain::before_backward(unsigned share, std::size_t layer, std::size_t n) {
  for (TrainerHooks* h : hooks_) h->before_backward(share, layer, n);
}

void HookChain::after_backward(unsigned share, std::size_t layer, std::size_t n) {
  for (auto it = hooks_.rbegin(); it != hooks_.rend(); ++it) (*it)->after_backward(share, layer, n);
}

bool HookChain::before_update(std::uint64_t step) {
  bool update = true;
  for (TrainerHooks* h : hooks_) update = h->before_update(step) && update;
  return update;
}

void HookChain::after_update(std::uint64_t step, bool updated) {
  for (auto it = hooks_.rbegin(); it != hooks_.rend(); ++it) (*it)->after_update(step, updated);
}

}  // namespace sttvp::sw
