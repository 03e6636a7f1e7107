#include "models/sttram/WeakCellModel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

namespace {

// Domain tags: cell strengths, cell positions and flip events never share random draws.
constexpr std::uint64_t kStrengthDomain = 1;
constexpr std::uint64_t kPositionDomain = 2;
constexpr std::uint64_t kFlipDomain = 3;

constexpr double kSqrt2Pi = 2.50662827463100050242;

// Idle time in s from a write at write_ps to a read at read_ps.
double idle_between(std::uint64_t write_ps, std::uint64_t read_ps) {
  if (read_ps < write_ps) {
    throw std::invalid_argument("read time " + std::to_string(read_ps) +
                                " ps precedes write time " + std::to_string(write_ps) + " ps");
  }
  return static_cast<double>(read_ps - write_ps) * 1e-12;
}

}  // namespace

double WeakCellSet::total_rate_per_s() const {
  double rate = bulk_rate_per_s;
  for (std::uint32_t i = 0; i < count; ++i) rate += cells[i].rate_per_s;
  return rate;
}

WeakCellModel::WeakCellModel(const VariationParams& params, const RetentionModel& retention)
    : params_(params),
      retention_(retention),
      strength_rng_(CounterRng(params.seed).fork(kStrengthDomain)),
      position_rng_(CounterRng(params.seed).fork(kPositionDomain)),
      flip_rng_(CounterRng(params.seed).fork(kFlipDomain)) {
  require_positive(params.mean_delta, "VariationParams.mean_delta");
  require_non_negative(params.sigma_delta, "VariationParams.sigma_delta");
  require_non_negative(params.sigma_fraction, "VariationParams.sigma_fraction");
  if (params.sigma_delta > 0.0 && params.sigma_fraction > 0.0) {
    throw std::invalid_argument(
        "VariationParams: set sigma_delta or sigma_fraction, not both (got " +
        format_number(params.sigma_delta) + " and " + format_number(params.sigma_fraction) + ")");
  }
  if (params.bits_per_line == 0 || params.bits_per_line > kMaxBitsPerLine) {
    throw std::invalid_argument("VariationParams.bits_per_line must be in 1.." +
                                std::to_string(kMaxBitsPerLine) + ", got " +
                                std::to_string(params.bits_per_line));
  }
  if (params.weak_cells == 0 || params.weak_cells > params.bits_per_line ||
      params.weak_cells > kMaxWeakCells) {
    throw std::invalid_argument("VariationParams.weak_cells must be in 1.." +
                                std::to_string(std::min(params.bits_per_line, kMaxWeakCells)) +
                                ", got " + std::to_string(params.weak_cells));
  }
  mu_ = params.mean_delta;
  sigma_ = params.sigma_delta > 0.0 ? params.sigma_delta : params.sigma_fraction * mu_;
  // Without variation every line has the same cells: derive them, and their summary, once.
  if (sigma_ == 0.0) {
    uniform_ = strengths(0, 0);
    uniform_summary_ = summarize(uniform_);
    std::array<std::uint32_t, kMaxWeakCells> unused_bits;
    line_cells(0, 0, uniform_rates_.data(), unused_bits.data());
  }
}

double WeakCellModel::bulk_rate_per_s(double kth_delta, double kth_z) const {
  const std::uint32_t rest = params_.bits_per_line - params_.weak_cells;
  if (rest == 0) return 0.0;
  const double tau0 = retention_.params().attempt_time_s;
  if (sigma_ == 0.0) return rest * std::exp(-mu_) / tau0;
  // Mean of e^-Delta over N(mu, sigma^2) truncated to (d, inf): shifting the exponential into the
  // Gaussian turns it into the tail mass of N(mu - sigma^2, sigma^2) above d.
  const double q_d = CounterRng::normal_sf(kth_z);
  if (!(q_d > 0.0)) {
    // d lies beyond any realistic tail (z > 37): bound each bulk cell by the k-th weakest.
    return rest * std::exp(-kth_delta) / tau0;
  }
  const double x = kth_z + sigma_;
  double per_cell;
  if (x < 30.0) {
    per_cell = std::exp(-mu_ + 0.5 * sigma_ * sigma_) * CounterRng::normal_sf(x) / q_d;
  } else {
    // Q(x) underflows; with the Mills-ratio series the exponents combine to -d - z_d^2 / 2.
    const double inv2 = 1.0 / (x * x);
    const double series = 1.0 - inv2 * (1.0 - 3.0 * inv2 * (1.0 - 5.0 * inv2));
    per_cell = std::exp(-kth_delta - 0.5 * kth_z * kth_z) / (kSqrt2Pi * x) * series / q_d;
  }
  return rest * per_cell / tau0;
}

WeakCellSet WeakCellModel::strengths(std::uint64_t set, std::uint64_t way) const {
  const std::uint32_t n = params_.bits_per_line;
  const std::uint32_t k = params_.weak_cells;
  const double tau0 = retention_.params().attempt_time_s;
  WeakCellSet out;
  out.count = k;

  CounterRng::Stream strength = strength_rng_.stream(set, way);
  double log_above = 0.0;  // ln(1 - U(j)): log of the probability mass above the j-th weakest
  double z = 0.0;
  // Without variation every cell has Delta = mu: the strengths need no draws.
  for (std::uint32_t j = 0; j < k && sigma_ == 0.0; ++j) {
    out.cells[j].delta = mu_;
    out.cells[j].rate_per_s = std::exp(-mu_) / tau0;
  }
  for (std::uint32_t j = 0; j < k && sigma_ != 0.0; ++j) {
    log_above += std::log1p(-strength.next_uniform()) / static_cast<double>(n - j);
    const double u = -std::expm1(log_above);
    if (u <= 0.5) {
      z = CounterRng::inverse_normal_cdf(u);
    } else {
      const double above = std::max(std::exp(log_above), std::numeric_limits<double>::min());
      z = CounterRng::inverse_normal_sf(above);
    }
    out.cells[j].delta = mu_ + sigma_ * z;
    out.cells[j].rate_per_s = std::exp(-out.cells[j].delta) / tau0;
  }

  out.bulk_rate_per_s = bulk_rate_per_s(out.cells[k - 1].delta, z);
  return out;
}

WeakCellSet WeakCellModel::weak_cells(std::uint64_t set, std::uint64_t way) const {
  WeakCellSet out = sigma_ == 0.0 ? uniform_ : strengths(set, way);
  std::array<std::uint32_t, kMaxWeakCells> bits;
  positions(set, way, bits.data());
  for (std::uint32_t j = 0; j < out.count; ++j) out.cells[j].bit = bits[j];
  return out;
}

void WeakCellModel::positions(std::uint64_t set, std::uint64_t way, std::uint32_t* bits) const {
  CounterRng::Stream position = position_rng_.stream(set, way);
  CounterRng::distinct_indices(position, params_.weak_cells, params_.bits_per_line, bits);
}

LineRetentionSummary WeakCellModel::summarize(const WeakCellSet& cells) const {
  LineRetentionSummary s;
  s.weakest_delta = static_cast<float>(cells.cells[0].delta);
  if (sigma_ == 0.0) {
    s.line_delta = static_cast<float>(mu_ - std::log(static_cast<double>(params_.bits_per_line)));
  } else {
    const double tau0 = retention_.params().attempt_time_s;
    s.line_delta = static_cast<float>(-std::log(tau0 * cells.total_rate_per_s()));
  }
  return s;
}

LineRetentionSummary WeakCellModel::summary(std::uint64_t set, std::uint64_t way) const {
  return sigma_ == 0.0 ? uniform_summary_ : summarize(strengths(set, way));
}

double WeakCellModel::line_failure_probability(const WeakCellSet& cells, double idle_s) const {
  if (sigma_ == 0.0) {
    return RetentionModel::line_failure_probability(idle_s, retention_.mean_time_to_flip_s(mu_),
                                                    params_.bits_per_line);
  }
  if (!(idle_s >= 0.0)) throw_bad_parameter("idle time", ">= 0", idle_s);
  // Independent exponential cells: the line survives with exp(-t * sum of rates).
  return -std::expm1(-idle_s * cells.total_rate_per_s());
}

double WeakCellModel::line_failure_probability(std::uint64_t set, std::uint64_t way,
                                               double idle_s) const {
  return line_failure_probability(weak_cells(set, way), idle_s);
}

double WeakCellModel::line_failure_probability(const LineRetentionSummary& summary,
                                               double idle_s) const {
  return RetentionModel::line_failure_probability(
      idle_s, retention_.mean_time_to_flip_s(summary.line_delta), 1);
}

CounterRng::Stream WeakCellModel::flip_stream(std::uint64_t set, std::uint64_t way,
                                              std::uint64_t residency) const {
  return flip_rng_.fork(residency).stream(set, way);
}

double WeakCellModel::first_flip_time_s(double line_tau_s, std::uint64_t set, std::uint64_t way,
                                        std::uint64_t residency) const {
  return first_flip_exponential(set, way, residency) * line_tau_s;
}

double WeakCellModel::first_flip_exponential(std::uint64_t set, std::uint64_t way,
                                             std::uint64_t residency) const {
  CounterRng::Stream events = flip_stream(set, way, residency);
  // The first flip among independent exponential cells is exponential with the summed rate.
  return events.next_exponential();
}

std::vector<std::uint32_t> WeakCellModel::flipped_bits(std::uint64_t set, std::uint64_t way,
                                                       std::uint64_t residency,
                                                       double idle_s) const {
  std::vector<std::uint32_t> bits;
  flipped_bits(set, way, residency, idle_s, bits);
  return bits;
}

double WeakCellModel::flipped_bits(std::uint64_t set, std::uint64_t way, std::uint64_t residency,
                                   double idle_s, std::vector<std::uint32_t>& flipped) const {
  if (!(idle_s >= 0.0)) throw_bad_parameter("idle time", ">= 0", idle_s);
  flipped.clear();
  std::array<std::uint32_t, kMaxWeakCells> bits;
  if (sigma_ == 0.0) {
    positions(set, way, bits.data());
    return flips(uniform_rates_.data(), bits.data(), set, way, residency, idle_s, flipped);
  }
  std::array<double, kMaxWeakCells + 2> rates;
  line_cells(set, way, rates.data(), bits.data());
  return flips(rates.data(), bits.data(), set, way, residency, idle_s, flipped);
}

void WeakCellModel::line_cells(std::uint64_t set, std::uint64_t way, double* rates,
                               std::uint32_t* cell_bits) const {
  const WeakCellSet cells = sigma_ == 0.0 ? uniform_ : strengths(set, way);
  rates[0] = retention_.mean_time_to_flip_s(summarize(cells).line_delta);
  rates[1] = cells.bulk_rate_per_s;
  for (std::uint32_t j = 0; j < cells.count; ++j) rates[2 + j] = cells.cells[j].rate_per_s;
  positions(set, way, cell_bits);
}

double WeakCellModel::flips(const double* rates, const std::uint32_t* bits, std::uint64_t set,
                            std::uint64_t way, std::uint64_t residency, double idle_s,
                            std::vector<std::uint32_t>& flipped) const {
  const double line_tau_s = rates[0];
  const double bulk_rate_per_s = rates[1];
  const double* cell_rate_per_s = rates + 2;
  CounterRng::Stream events = flip_stream(set, way, residency);
  const double first = events.next_exponential() * line_tau_s;
  if (idle_s < first) return first;

  // Competing exponentials: the cell that flips first is cell i with probability rate_i / total;
  // by memorylessness every other cell then flips in (first, t] with 1 - exp(-(t - first) rate).
  // Together this is the joint law of independent per-cell flip times, generated in an order
  // that makes the first flip time available from the summary alone.
  const std::uint32_t k = params_.weak_cells;
  double total = bulk_rate_per_s;  // summed as WeakCellSet::total_rate_per_s()
  for (std::uint32_t j = 0; j < k; ++j) total += cell_rate_per_s[j];
  double pick = events.next_uniform() * total;
  std::uint32_t first_cell = k;  // k: a bulk cell flipped first
  for (std::uint32_t j = 0; j < k; ++j) {
    pick -= cell_rate_per_s[j];
    if (pick < 0.0) {
      first_cell = j;
      break;
    }
  }
  const std::uint32_t bulk_cells = params_.bits_per_line - k;
  // Rounding can leave `pick` just above the weak cells' share when there is no bulk to take it.
  if (first_cell == k && (bulk_cells == 0 || !(bulk_rate_per_s > 0.0))) first_cell = k - 1;
  const double remaining = idle_s - first;
  double next = std::numeric_limits<double>::infinity();
  if (sigma_ == 0.0) {
    // Equal rates r: a cell's wait -ln(U) / r is within `remaining` exactly when U >= e^(-r
    // remaining). Deciding on U saves a log per cell; only a U within a relative 1e-9 of that
    // threshold (far above the rounding of either side) takes the log. Of the cells that hold,
    // the one with the largest U flips next.
    const double rate = cell_rate_per_s[0];
    const double hold = std::exp(-rate * remaining);
    double next_u = 0.0;
    for (std::uint32_t j = 0; j < k; ++j) {
      const double u = events.next_uniform();
      const bool flipped_by_now = j == first_cell || u > hold * (1.0 + 1e-9) ||
                                  (u >= hold * (1.0 - 1e-9) && -std::log(u) / rate <= remaining);
      if (flipped_by_now)
        flipped.push_back(bits[j]);
      else
        next_u = std::max(next_u, u);
    }
    if (next_u > 0.0) next = first + -std::log(next_u) / rate;
  } else {
    for (std::uint32_t j = 0; j < k; ++j) {
      const double wait = events.next_exponential() / cell_rate_per_s[j];
      if (j == first_cell || wait <= remaining)
        flipped.push_back(bits[j]);
      else
        next = std::min(next, first + wait);
    }
  }
  // The test above is on idle_s - first, not on idle_s: a margin far above its rounding error
  // keeps every idle time below `next` on the unflipped side.
  next *= 1.0 - 1e-12;

  // Bulk: n - k equal cells at the mean bulk rate; successive flips are exponential gaps whose
  // rate falls as cells are used up. Each lands on a non-weak bit not yet flipped.
  const std::uint32_t n = params_.bits_per_line;
  if (bulk_cells > 0 && bulk_rate_per_s > 0.0) {
    const double per_cell = bulk_rate_per_s / bulk_cells;
    // Bits already taken (weak cells and earlier flips), so each draw is checked in O(1).
    std::array<std::uint64_t, kMaxBitsPerLine / 64> taken;
    std::fill_n(taken.begin(), (n + 63) / 64, 0);
    const auto mark = [&taken](std::uint32_t bit) {
      taken[bit / 64] |= std::uint64_t{1} << (bit % 64);
    };
    for (std::uint32_t j = 0; j < k; ++j) mark(bits[j]);
    const auto add_bulk_bit = [&]() {
      for (;;) {
        const auto bit = static_cast<std::uint32_t>(events.next_below(n));
        if ((taken[bit / 64] >> (bit % 64)) & 1) continue;
        mark(bit);
        flipped.push_back(bit);
        return;
      }
    };
    std::uint32_t left = bulk_cells;
    if (first_cell == k) {
      add_bulk_bit();
      --left;
    }
    double t = first;
    while (left > 0) {
      t += events.next_exponential() / (left * per_cell);
      if (t > idle_s) {
        next = std::min(next, t);
        break;
      }
      add_bulk_bit();
      --left;
    }
  }
  std::sort(flipped.begin(), flipped.end());
  return next;
}

double WeakCellModel::flips_between(std::uint64_t set, std::uint64_t way, std::uint64_t write_ps,
                                    std::uint64_t read_ps, std::vector<std::uint32_t>& bits) const {
  return flipped_bits(set, way, write_ps, idle_between(write_ps, read_ps), bits);
}

double WeakCellModel::flips_between(const double* rates, const std::uint32_t* cell_bits,
                                    std::uint64_t set, std::uint64_t way, std::uint64_t write_ps,
                                    std::uint64_t read_ps, std::vector<std::uint32_t>& bits) const {
  const double idle_s = idle_between(write_ps, read_ps);
  bits.clear();
  return flips(rates, cell_bits, set, way, write_ps, idle_s, bits);
}

double WeakCellModel::bit_effective_delta() const { return mu_ - 0.5 * sigma_ * sigma_; }

double WeakCellModel::expected_line_rate_per_s() const {
  return params_.bits_per_line * std::exp(-bit_effective_delta()) /
         retention_.params().attempt_time_s;
}

double WeakCellModel::interval_for_line_failure_s(double p) const {
  if (!(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument("line failure probability must be in (0, 1), got " +
                                format_number(p));
  }
  return -std::log1p(-p) / expected_line_rate_per_s();
}

double WeakCellModel::weakest_delta_quantile(double q, double cells) const {
  if (!(q > 0.0 && q < 1.0)) {
    throw std::invalid_argument("quantile must be in (0, 1), got " + format_number(q));
  }
  if (!(std::isfinite(cells) && cells >= 1.0)) {
    throw std::invalid_argument("cell count must be >= 1, got " + format_number(cells));
  }
  // P(min of N <= x) = 1 - (1 - Phi(z))^N = q  =>  Phi(z) = 1 - (1 - q)^(1/N).
  const double u = -std::expm1(std::log1p(-q) / cells);
  return mu_ + sigma_ * CounterRng::inverse_normal_cdf(u);
}

}  // namespace sttvp
