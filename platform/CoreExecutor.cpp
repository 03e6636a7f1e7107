#include "platform/CoreExecutor.h"

namespace sttvp {

void CoreExecutor::parallel(const std::function<void(unsigned worker)>& body) {
  Core& master = *cores_[0];
  master.sync();
  for (unsigned w = 1; w < cores_.size(); ++w)
    cores_[w]->start_job(&body, w, master.current_phase(), master.current_layer());
  master.run_inline(body, 0);
  master.sync();
  for (unsigned w = 1; w < cores_.size(); ++w)
    while (cores_[w]->busy()) sc_core::wait(cores_[w]->job_done());
  master.resume();
}

void CoreExecutor::shutdown() {
  for (unsigned w = 1; w < cores_.size(); ++w) cores_[w]->stop();
}

}  // namespace sttvp
