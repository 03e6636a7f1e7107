#include "models/sttram/BitFaultSampler.h"

#include <cmath>

#include "models/sttram/ParameterCheck.h"

namespace sttvp {

BitFaultSampler::BitFaultSampler(std::uint32_t bits, double p) : n_(bits), p_(p) {
  if (!(p >= 0.0 && p < 1.0)) throw_bad_parameter("bit fault probability", "in [0, 1)", p);
  if (bits == 0) throw_bad_parameter("bits per line", "> 0", 0);
  const double log_keep = std::log1p(-p);
  any_ = -std::expm1(n_ * log_keep);
  first_ = any_ > 0 ? n_ * p * std::exp((n_ - 1.0) * log_keep) / any_ : 1.0;
}

void BitFaultSampler::draw(CounterRng::Stream& stream, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (stream.next_uniform() >= any_) return;
  draw_failing(stream, out);
}

void BitFaultSampler::draw_failing(CounterRng::Stream& stream,
                                   std::vector<std::uint32_t>& out) const {
  // Invert P(K = k | K >= 1) from k = 1 up, pmf(k) = pmf(k-1) (n-k+1)/k p/(1-p).
  const double w = stream.next_uniform();
  const double odds = p_ / (1.0 - p_);
  std::uint32_t k = 1;
  double pmf = first_, cdf = first_;
  while (w > cdf && k < n_) {
    pmf *= (n_ - k) / (k + 1.0) * odds;
    ++k;
    cdf += pmf;
  }
  CounterRng::distinct_indices_ascending(stream, k, n_, out);
}

}  // namespace sttvp
