// Fork-join parallelism for workloads. A workload's driver runs on one thread and calls
// parallel() for data-parallel regions; body(w) runs once for every worker w.
//
// Natively (SerialExecutor) the workers run one after another in index order. On the simulated
// platform each worker is a core running concurrently in simulated time; the region ends when
// every core has finished (a barrier). Results must depend only on the number of workers, never
// on the executor, so native and simulated runs with the same worker count are bit-identical.
#pragma once

#include <functional>

namespace sttvp::sw {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual unsigned workers() const = 0;
  virtual void parallel(const std::function<void(unsigned worker)>& body) = 0;
};

class SerialExecutor final : public Executor {
 public:
  explicit SerialExecutor(unsigned workers) : workers_(workers) {}
  unsigned workers() const override { return workers_; }
  void parallel(const std::function<void(unsigned worker)>& body) override {
    for (unsigned w = 0; w < workers_; ++w) body(w);
  }

 private:
  unsigned workers_;
};

// A complete workload: its driver runs the whole job through the executor.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual void run(Executor& executor) = 0;
};

}  // namespace sttvp::sw
