#include "platform/CoreExecutor.h"

#include <exception>

namespace sttvp {

void CoreExecutor::parallel(const std::function<void(unsigned worker)>& body) {
  Core& master = *cores_[0];
  master.sync();
  for (unsigned w = 1; w < cores_.size(); ++w)
    cores_[w]->start_job(&body, w, master.current_phase(), master.current_layer());
  // The workers run `body`, which lives in the caller's frame: even if body(0) fails, wait for
  // them before that frame is unwound. The first failure (the driver's, else the lowest failed
  // worker's) is rethrown here, on the driver core.
  std::exception_ptr failure;
  try {
    master.run_inline(body, 0);
  } catch (const sc_core::sc_unwind_exception&) {
    throw;  // the kernel's own process unwinding
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure) master.sync();
  for (unsigned w = 1; w < cores_.size(); ++w) {
    while (cores_[w]->busy()) sc_core::wait(cores_[w]->job_done());
    std::exception_ptr worker_failure = cores_[w]->take_job_failure();
    if (!failure) failure = worker_failure;
  }
  if (failure) std::rethrow_exception(failure);
  master.resume();
}

void CoreExecutor::shutdown() {
  for (unsigned w = 1; w < cores_.size(); ++w) cores_[w]->stop();
}

}  // namespace sttvp
