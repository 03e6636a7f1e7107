// Process variation of the cells of an LLC line, without per-cell storage.
//
// Every cell's thermal stability is an independent draw Delta ~ N(mu, sigma^2). A physical line
// (set, way) of n bits keeps the same cells for the whole run, so its weak cells are fixed. The
// k weakest cells are generated directly as the k lowest order statistics of n uniforms (Renyi's
// construction, exact):
//   1 - U(1)   = (1 - V1)^(1/n)
//   1 - U(j+1) = (1 - U(j)) * (1 - V(j+1))^(1/(n-j))       V i.i.d. uniform
//   Delta(j)   = mu + sigma * Phi^-1(U(j))
// with their bit positions a uniformly random ordered k-tuple of distinct indices (cell strength
// and position are independent). All draws come from a counter-based generator keyed by
// (seed, set, way), so a line's weak cells are re-derived in O(k) whenever they are needed, and
// the first j weak cells do not depend on k.
//
// The other n - k cells (the bulk) are not drawn. Given the k-th weakest value d, they are i.i.d.
// N(mu, sigma^2) truncated to (d, inf), and the model replaces their summed flip rate by its
// conditional mean (exact for a normal):
//   E[e^-Delta | Delta > d] = e^(-mu + sigma^2/2) * Q(z_d + sigma) / Q(z_d),  z_d = (d - mu)/sigma
//   bulk rate = (n - k) / tau0 * E[e^-Delta | Delta > d]
// so the expected line rate over all lines is exact; per line, the bulk's own spread is dropped,
// and bulk flips land on uniformly random non-weak bits instead of on fixed cells. README.md
// quantifies the error.
//
// With sigma = 0 every cell has Delta = mu and the line reduces exactly to the equal-cell formula
// 1 - exp(-n t / tau).
//
// mu and sigma are at the operating temperature. Temperature scales every cell's Delta by the
// same factor (RetentionModel::temperature_factor), so scaling mu and sigma together keeps the
// same weak cells and positions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/common/CounterRng.h"
#include "models/sttram/RetentionModel.h"

namespace sttvp {

struct VariationParams {
  double mean_delta = 0;              // mu [1], at the operating temperature
  double sigma_delta = 0;             // sigma [1], absolute ...
  double sigma_fraction = 0;          // ... or as a fraction of mu [1]; set at most one
  std::uint32_t bits_per_line = 512;  // n: cells per line (64 B data)
  std::uint32_t weak_cells = 8;       // k: weakest cells modelled individually, 1..n and <= 32
  std::uint64_t seed = 0;             // seed of the cell population
};

inline constexpr std::uint32_t kMaxWeakCells = 32;
inline constexpr std::uint32_t kMaxBitsPerLine = 4096 * 8;  // 4 KB lines

struct WeakCell {
  double delta = 0;       // [1]
  double rate_per_s = 0;  // 1 / tau = e^-Delta / tau0 [1/s]
  std::uint32_t bit = 0;  // bit position in the line, 0..n-1
};

// The weak cells of one line, weakest first, and the bulk's flip rate.
struct WeakCellSet {
  std::array<WeakCell, kMaxWeakCells> cells{};
  std::uint32_t count = 0;
  double bulk_rate_per_s = 0;  // expected summed flip rate of the other n - k cells [1/s]

  double total_rate_per_s() const;
};

// What an LLC may store per line (8 bytes): the weakest cell's Delta and the line's effective
// Delta, defined by sum over all cells of 1/tau_i = e^-line_delta / tau0, so that the line fails
// after idle t with probability 1 - exp(-t e^-line_delta / tau0). For sigma = 0 it is mu - ln n.
struct LineRetentionSummary {
  float weakest_delta = 0;
  float line_delta = 0;
};
static_assert(sizeof(LineRetentionSummary) == 8, "per-line metadata budget");

class WeakCellModel {
 public:
  // Throws std::invalid_argument for mu not finite or <= 0, a negative or non-finite sigma, both
  // sigma forms set, n = 0, or k outside 1..min(n, kMaxWeakCells).
  WeakCellModel(const VariationParams& params, const RetentionModel& retention);

  const VariationParams& params() const { return params_; }
  const RetentionModel& retention() const { return retention_; }
  double mu() const { return mu_; }
  double sigma() const { return sigma_; }

  // The fixed weak cells of physical line (set, way), re-derived on each call.
  WeakCellSet weak_cells(std::uint64_t set, std::uint64_t way) const;
  LineRetentionSummary summary(std::uint64_t set, std::uint64_t way) const;
  LineRetentionSummary summarize(const WeakCellSet& cells) const;

  // Probability that at least one bit of the line has flipped after idle time t.
  double line_failure_probability(const WeakCellSet& cells, double idle_s) const;
  double line_failure_probability(std::uint64_t set, std::uint64_t way, double idle_s) const;
  double line_failure_probability(const LineRetentionSummary& summary, double idle_s) const;

  // Fault sampling for one residency of a line (the interval since the write that put the data
  // there). `residency` identifies that write, e.g. its time in ps; all queries of the same
  // residency see the same flip times, so a later read sees a superset of an earlier read's
  // flips. Each weak cell flips by idle t with probability 1 - exp(-t / tau_i), independently.
  //
  // Time after the write at which the first bit of the line flips, from the line's mean time to
  // a flip, tau = retention().mean_time_to_flip_s(summary(set, way).line_delta) (an LLC keeps it
  // per line): one exponential draw.
  double first_flip_time_s(double line_tau_s, std::uint64_t set, std::uint64_t way,
                           std::uint64_t residency) const;
  // The same draw in units of that mean time (a unit exponential E): the first flip comes when
  // idle time x line rate reaches E. Needs no summary, so an LLC can draw it at every write.
  double first_flip_exponential(std::uint64_t set, std::uint64_t way,
                                std::uint64_t residency) const;
  // Bit positions (ascending) flipped after idle time t; empty exactly when idle_s is below the
  // first flip time.
  std::vector<std::uint32_t> flipped_bits(std::uint64_t set, std::uint64_t way,
                                          std::uint64_t residency, double idle_s) const;
  // The same into `bits`, without allocating once `bits` has grown; returns the idle time before
  // which no further bit flips (infinity if none will): until then the answer stays the same.
  double flipped_bits(std::uint64_t set, std::uint64_t way, std::uint64_t residency, double idle_s,
                      std::vector<std::uint32_t>& bits) const;
  // The LLC contract: line (set, way) written at write_ps and read at read_ps >= write_ps; the
  // residency is keyed by the write time. Returns the next flip's idle time, in s.
  double flips_between(std::uint64_t set, std::uint64_t way, std::uint64_t write_ps,
                       std::uint64_t read_ps, std::vector<std::uint32_t>& bits) const;

  // What flipped_bits() derives from a physical line's cells on every call, for a caller that
  // reads the same lines often to keep (with variation, most of a call's cost): rates_size()
  // doubles, [line mean time to a flip (s), bulk rate (1/s), the k weak cells' rates (1/s),
  // weakest first], and the k weak cells' bit positions, in the same order. A function of
  // (set, way) alone, so keeping it changes no result.
  std::size_t rates_size() const { return params_.weak_cells + std::size_t{2}; }
  void line_cells(std::uint64_t set, std::uint64_t way, double* rates,
                  std::uint32_t* cell_bits) const;
  // flips_between() from those, which must be line_cells(set, way)'s.
  double flips_between(const double* rates, const std::uint32_t* cell_bits, std::uint64_t set,
                       std::uint64_t way, std::uint64_t write_ps, std::uint64_t read_ps,
                       std::vector<std::uint32_t>& bits) const;

  // Population views. Average flip rate per bit is e^-(mu - sigma^2/2) / tau0, i.e. an
  // "effective" Delta of mu - sigma^2/2; the expected line rate is n times that.
  double bit_effective_delta() const;
  double expected_line_rate_per_s() const;
  // The idle time after a write within which a line of the array, on average, fails with
  // probability at most p: -ln(1 - p) / (expected line rate). Exact for sigma = 0; with
  // variation a line's probability 1 - e^(-rate t) is concave in its rate, so the array's mean
  // is at most p (Jensen). The interval of refresh and expire at a target failure probability.
  double interval_for_line_failure_s(double p) const;
  // Delta that the weakest of `cells` cells falls below with probability q (e.g. q = 0.5 and
  // cells = n: median weakest cell of a line; cells = n * lines: of a whole cache).
  double weakest_delta_quantile(double q, double cells) const;

 private:
  // The weak cells without their bit positions (all a summary needs).
  WeakCellSet strengths(std::uint64_t set, std::uint64_t way) const;
  // The weak cells' bit positions, in the order of strengths()' cells.
  void positions(std::uint64_t set, std::uint64_t way, std::uint32_t* bits) const;
  // flipped_bits() for the line whose line_cells() are `rates` and `bits`.
  double flips(const double* rates, const std::uint32_t* bits, std::uint64_t set, std::uint64_t way,
               std::uint64_t residency, double idle_s, std::vector<std::uint32_t>& flipped) const;
  CounterRng::Stream flip_stream(std::uint64_t set, std::uint64_t way,
                                 std::uint64_t residency) const;
  double bulk_rate_per_s(double kth_delta, double kth_z) const;

  VariationParams params_;
  RetentionModel retention_;
  double mu_ = 0;
  double sigma_ = 0;
  CounterRng strength_rng_;
  CounterRng position_rng_;
  CounterRng flip_rng_;
  // Without variation (sigma = 0) every line's cells and summary: derived once.
  WeakCellSet uniform_;
  LineRetentionSummary uniform_summary_;
  std::array<double, kMaxWeakCells + 2> uniform_rates_{};
};

}  // namespace sttvp
