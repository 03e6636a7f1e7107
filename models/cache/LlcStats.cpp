#include "models/cache/LlcStats.h"

#include <functional>
#include <iomanip>
#include <ostream>
#include <string>

#include "sw/probe/Probe.h"

namespace sttvp {

namespace {
const char* phase_name(int p) { return sw::phase_name(static_cast<sw::Phase>(p)); }
}  // namespace

LlcStats::LlcStats(const LlcConfig& config)
    : config_(config), traffic_(static_cast<std::size_t>(kPhases * kLayerSlots)) {}

double LlcStats::dynamic_energy_nj() const {
  double e = static_cast<double>(array_reads_sram) * config_.sram.read_nj +
             static_cast<double>(array_writes_sram) * config_.sram.write_nj;
  double stt = static_cast<double>(array_reads_stt) * config_.sttram.read_nj +
               static_cast<double>(array_writes_stt) * config_.sttram.write_nj;
  if (config_.retention.policy == RetentionPolicy::Ecc)
    stt *= 1 + config_.retention.ecc_energy_overhead;
  return e + stt;
}

double LlcStats::refresh_energy_nj() const {
  return static_cast<double>(refreshes) * (config_.sttram.read_nj + config_.sttram.write_nj);
}

double LlcStats::leakage_mw() const {
  const double way_mib =
      static_cast<double>(config_.geometry.size_bytes) / config_.geometry.ways / (1 << 20);
  const unsigned stt_ways = config_.geometry.ways - config_.sram_ways;
  double stt = stt_ways * way_mib * config_.sttram.leakage_mw_per_mib;
  if (config_.retention.policy == RetentionPolicy::Ecc)
    stt *= 1 + config_.retention.ecc_energy_overhead;
  return config_.sram_ways * way_mib * config_.sram.leakage_mw_per_mib + stt;
}

LlcStats::Retention LlcStats::retention_total() const {
  Retention t;
  for (const Retention& r : retention_) {
    t.reads += r.reads;
    t.expected_failures += r.expected_failures;
    t.sampled_failures += r.sampled_failures;
    t.flipped_bits += r.flipped_bits;
    t.expired_reads += r.expired_reads;
  }
  return t;
}

void LlcStats::register_stats(StatsScope s) {
  s.add("reads", &reads, "lines", "line reads requested (fills for private caches)");
  s.add("writes", &writes, "lines", "line writes requested (write-backs from private caches)");
  s.add("hits", &hits, "lines", "requests that found their line");
  s.add("misses", &misses, "lines", "requests that did not find their line");
  s.add("read_hits", &read_hits, "lines", "read requests that hit");
  s.add("read_misses", &read_misses, "lines", "read requests that missed");
  s.add("write_hits", &write_hits, "lines", "write requests that hit");
  s.add("write_misses", &write_misses, "lines", "write requests that missed");
  s.add("fills", &fills, "lines", "lines fetched from memory");
  s.add("writebacks", &writebacks, "lines", "dirty victims written back to memory");
  s.add("back_invalidations", &back_invalidations, "lines",
        "private copies invalidated (inclusion or exclusive fill)");
  s.add(
      "array_reads", [this] { return double(array_reads_sram + array_reads_stt); }, "lines",
      "line reads of the data array");
  s.add(
      "array_writes", [this] { return double(array_writes_sram + array_writes_stt); }, "lines",
      "line writes of the data array (fills, write-backs, migrations)");
  s.add("array_reads_sttram", &array_reads_stt, "lines", "line reads of STT-RAM ways");
  s.add("array_writes_sttram", &array_writes_stt, "lines", "line writes of STT-RAM ways");
  s.add("migrations", &migrations, "lines", "hybrid: lines moved into SRAM ways when written");
  s.add("bank_wait_ns", &bank_wait_ns, "ns", "total time requests waited for a busy bank");
  s.add("hits_under_fill", &hits_under_fill, "reads",
        "read hits that arrived while their line's fill or write was in flight and waited for it");
  s.add("distance_inversions", &distance_inversions, "reads",
        "read hits stamped before the access that brought their line's data (decoupling skew); "
        "counted at distance 0");
  s.add("fill_wait_ns", &fill_wait_ns, "ns",
        "total time read hits waited for their line's data (hits under fill and inversions)");
  s.add(
      "leakage_mw", [this] { return leakage_mw(); }, "mW", "static power of the array");
  if (config_.sram_ways < config_.geometry.ways) {
    const SttramConfig& c = config_.sttram;
    StatsScope d = s.sub("sttram");
    d.add("retention_s", &config_.sttram.retention_s, "s",
          "design retention time (see retention_definition in config.json)");
    d.add("temperature_k", &config_.sttram.temperature_k, "K",
          "operating temperature, at which the retention holds");
    d.add("delta", &config_.sttram.delta, "1", "thermal stability at the operating temperature");
    d.add(
        "write_pulse_ns", [&c] { return c.design.pulse_s * 1e9; }, "ns", "write pulse width");
    d.add("write_cycles", &config_.sttram.write_cycles, "cycles", "latency a write adds");
    d.add("write_nj", &config_.sttram.write_nj, "nJ", "energy per line write");
    d.add("read_nj", &config_.sttram.read_nj, "nJ", "energy per line read");
    d.add("write_current_ratio", &config_.sttram.write_current_ratio, "1",
          "write current over the cell's critical current Ic0");
    d.add("write_bit_error_rate", &config_.sttram.bit_wer, "1",
          "probability that a write leaves a given bit wrong (write_errors.enabled: applied)");
    d.add("read_disturb_bit_probability", &config_.sttram.disturb_bit_p, "1",
          "probability that a read flips a given bit (read_disturb.enabled: applied)");
  }
  StatsScope r = s.sub("retention");
  r.add("interval_ns", &policy_interval_ns, "ns",
        "expire/refresh: idle time after a line's write at which the policy acts");
  r.add("refresh_bank_share", &refresh_bank_share, "1",
        "refresh: share of the STT-RAM banks' time that rewriting every STT-RAM line once per "
        "interval takes (above 1 it cannot keep up)");
  r.add("refresh_floor_failure", &refresh_floor_failure, "1",
        "refresh: probability that a line fails within the shortest interval the banks sustain "
        "(refresh_bank_share 1)");
  r.add("refreshes", &refreshes, "lines", "refresh: lines rewritten before expiry");
  r.add("early_writebacks", &early_writebacks, "lines",
        "expire: dirty lines written back before expiry");
  r.add("expired_invalidations", &expired_invalidations, "lines",
        "expire: expired lines dropped and refetched on access");
  r.add("ecc_corrected", &ecc_corrected, "words", "ecc: single-bit errors corrected");
  r.add("ecc_detected", &ecc_detected, "words", "ecc: double-bit errors detected");
  r.add("ecc_silent", &ecc_silent, "words", "ecc: errors of 3 or more bits, possibly silent");
  r.add("ecc_refetches", &ecc_refetches, "lines", "ecc: clean lines refetched after a detection");
  r.add("ecc_scrubs", &ecc_scrubs, "lines",
        "ecc: lines written back into the array after a correction (counted as array writes)");
  r.add("ecc_dirty_uncorrectable", &ecc_dirty_uncorrectable, "lines",
        "ecc: reads and write-backs of dirty lines with a detected-uncorrectable word, passed on "
        "with its flips (no clean copy to refetch)");
  r.add("writeback_failures", &writeback_failures, "lines",
        "dirty lines whose write-back to memory read out new flips");
  r.add("writeback_flipped_bits", &writeback_flipped_bits, "bits",
        "bits flipped at write-back, written to memory (permanent)");
  r.add("flips_undone", &flips_undone, "bits",
        "flips of clean lines undone when the line left the hierarchy");
  r.add("write_error_lines", &write_error_lines, "lines",
        "STT-RAM line writes that left at least one bit wrong");
  r.add("write_error_bits", &write_error_bits, "bits", "bits STT-RAM line writes left wrong");
  r.add("disturbed_reads", &disturbed_reads, "reads",
        "read hits of STT-RAM lines that flipped at least one bit (read disturb)");
  r.add("disturbed_bits", &disturbed_bits, "bits", "bits flipped by read disturb");
}

void LlcStats::register_split_stats(Stats& stats) {
  auto add_retention = [&stats](const std::string& prefix, std::function<Retention()> get) {
    stats.add(
        prefix + "reads", [get] { return double(get().reads); }, "lines",
        "read hits of STT-RAM lines");
    stats.add(
        prefix + "p_error", [get] { return get().p_error(); }, "1",
        "probability that a read of an STT-RAM line returns at least one wrong bit");
    stats.add(
        prefix + "expected_failures", [get] { return get().expected_failures; }, "reads",
        "sum of the reads' analytic failure probabilities");
    stats.add(
        prefix + "sampled_failures", [get] { return double(get().sampled_failures); }, "reads",
        "reads that returned at least one wrong bit (sampled)");
    stats.add(
        prefix + "flipped_bits", [get] { return double(get().flipped_bits); }, "bits",
        "bits newly flipped in the data store");
    stats.add(
        prefix + "expired_reads", [get] { return double(get().expired_reads); }, "reads",
        "reads later than the retention time after the write");
  };
  add_retention("retention.total.", [this] { return retention_total(); });
  for (int p = 0; p < kPhases; ++p)
    if (retention_[p].reads > 0)
      add_retention("retention.phases." + std::string(phase_name(p)) + ".",
                    [this, p] { return retention_[p]; });

  auto add_traffic = [&stats](const std::string& prefix, const Traffic* t) {
    stats.add(prefix + "reads", &t->reads, "lines", "line reads requested");
    stats.add(prefix + "writes", &t->writes, "lines", "line writes requested");
    stats.add(prefix + "hits", &t->hits, "lines", "requests that hit");
    stats.add(prefix + "misses", &t->misses, "lines", "requests that missed");
  };
  // Phase totals over layers.
  for (int p = 0; p < kPhases; ++p) {
    Traffic sum;
    for (int l = 0; l < kLayerSlots; ++l) {
      const Traffic& t = traffic_[static_cast<std::size_t>(p * kLayerSlots + l)];
      sum.reads += t.reads;
      sum.writes += t.writes;
      sum.hits += t.hits;
      sum.misses += t.misses;
    }
    phase_totals_[p] = sum;
    if (sum.reads + sum.writes > 0)
      add_traffic("phases." + std::string(phase_name(p)) + ".llc.", &phase_totals_[p]);
  }
  for (int l = 1; l < kLayerSlots; ++l)
    for (int p = 0; p < kPhases; ++p) {
      const Traffic& t = traffic_[static_cast<std::size_t>(p * kLayerSlots + l)];
      if (t.reads + t.writes == 0) continue;
      const std::string layer = l == kMaxLayers + 1 ? "other" : std::to_string(l - 1);
      add_traffic("layers." + layer + "." + phase_name(p) + ".llc.", &t);
    }
}

void LlcStats::write_distance_csv(std::ostream& out) const {
  out << "phase,bin_lo_ns,bin_hi_ns,count\n";
  for (int p = 0; p < kPhases; ++p) {
    if (distance_[p].total() == 0) continue;
    distance_[p].write_csv_rows(out, std::string(phase_name(p)) + ',');
  }
}

void LlcStats::write_retention_csv(std::ostream& out) const {
  const bool stt = config_.sram_ways < config_.geometry.ways;
  out << "technology,retention_s,definition,delta,phase,reads,p_error,expected_failures,"
         "sampled_failures,expired_reads\n";
  auto row = [&](const std::string& phase, const Retention& r) {
    out << config_.technology_name() << ',';
    if (stt)
      out << config_.sttram.retention_s << ',' << config_.sttram.definition_name() << ','
          << config_.sttram.delta;
    else
      out << ",,";
    out << ',' << phase << ',' << r.reads << ',' << std::setprecision(6) << r.p_error() << ','
        << r.expected_failures << ',' << r.sampled_failures << ',' << r.expired_reads << '\n';
  };
  for (int p = 0; p < kPhases; ++p)
    if (retention_[p].reads > 0 || distance_[p].total() > 0) row(phase_name(p), retention_[p]);
  row("total", retention_total());
}

}  // namespace sttvp
