// The runs of a study, each a command line of this program with its own result folder:
//
//   distance/<point>[-<definition>]        sttvp run: the distance workload's region (Figure 1,
//                                          Table I); an SRAM point runs once, an STT-RAM or
//                                          hybrid point once per retention definition
//   distance/quantum/<point>[-<definition>]-q<ns>
//                                          sttvp run: the same at each quantum of
//                                          distance.quanta (its steps)
//   fig2/<semantics>                       sttvp inject: a Figure-2 campaign, one per fault
//                                          semantics
//   perf/<workload>-<point>                sttvp run: a training region per design point
//   working_set/<workload>-<point>         sttvp run: the same per MLP width (perf.working_set)
//   closed_loop/<point>-<mitigation>-s<N>  sttvp train --config: training with the LLC's faults
//                                          in the simulated minibatches (baseline: "none")
//   interval_sweep/<point>-<policy>-p<interval_failure>-s<N>
//                                          sttvp train --config: the closed loop under a policy
//                                          at the interval of that line-failure probability
//
// Every run's config is parsed and validated as `sttvp run` would before anything starts, so a
// bad point or override fails the study at once, naming the spec and the section.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "experiments/study/StudySpec.h"

namespace sttvp {

struct StudyRun {
  enum class Section { Distance, Quantum, Injection, Perf, WorkingSet, ClosedLoop, IntervalSweep };
  Section section = Section::Distance;
  std::string id;     // folder under DIR/runs (a campaign: DIR/fig2/<semantics>)
  std::string point;  // design point name (a campaign: its semantics)
  // Definition (distance), workload name (perf, working set), mitigation (closed loop), policy
  // (interval sweep).
  std::string variant;
  std::string technology;  // sram | sttram | hybrid (from the validated config)
  std::uint64_t seed = 0;
  std::uint64_t steps = 0;  // simulated minibatches
  // An MLP's training working set (mlp_working_set_bytes); 0 for LeNet-5.
  double working_set_bytes = 0;
  double quantum_ns = 0;          // Quantum: the run's sim.quantum_ns
  std::vector<std::string> args;  // after the executable
  std::string dir;                // result folder
  std::string marker;             // the file whose presence shows the run finished
  // Hash of the resolved config (every include and override merged) and of the training preset:
  // with the command line it decides whether an earlier result can be kept.
  std::string fingerprint;
};

class StudyPlan {
 public:
  // `dir`: the study's folder; `jobs`: slots of the campaign's own pool.
  static std::vector<StudyRun> make(const StudySpec& spec, const std::string& dir, unsigned jobs);
  // 64-bit FNV-1a of a text, as 16 hex digits.
  static std::string fnv1a(const std::string& text);
};

}  // namespace sttvp
