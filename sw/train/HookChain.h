// Several TrainerHooks behind the trainer's one hook pointer. The before-hooks (begin_step,
// before_forward, before_backward, before_update) run in the order the hooks were added, the
// after-hooks in the reverse order, so that an injector added first flips before a mitigation
// looks and undoes its transient flips after everyone has looked. The update runs only if every
// before_update agrees (all are called).
#pragma once

#include <vector>

#include "sw/train/TrainerHooks.h"

namespace sttvp::sw {

class HookChain final : public TrainerHooks {
 public:
  // Null hooks are ignored. The hooks must outlive the chain's use.
  void add(TrainerHooks* hooks) {
    if (hooks != nullptr) hooks_.push_back(hooks);
  }
  bool empty() const { return hooks_.empty(); }

  void begin_step(std::uint64_t step) override;
  void before_forward(unsigned share, std::size_t layer, std::size_t n) override;
  void after_forward(unsigned share, std::size_t layer, std::size_t n) override;
  void before_backward(unsigned share, std::size_t layer, std::size_t n) override;
  void after_backward(unsigned share, std::size_t layer, std::size_t n) override;
  bool before_update(std::uint64_t step) override;
  void after_update(std::uint64_t step, bool updated) override;

 private:
  std::vector<TrainerHooks*> hooks_;
};

}  // namespace sttvp::sw
