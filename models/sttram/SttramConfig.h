// Typed configuration of the STT-RAM ways of an LLC and the design point derived from it.
//
// A design point is given by its retention time at the operating temperature and the definition
// that time uses; the cell physics (models/sttram) turns it into a thermal stability Delta there,
// and the calibrated write-pulse model turns the barrier into the write pulse, write latency and
// write energy. Reads (latency, energy)
// and leakage are periphery-dominated and come from the config directly.
#pragma once

#include <string>

#include "models/common/ConfigNode.h"
#include "models/common/EnumTable.h"
#include "models/sttram/ReadDisturbModel.h"
#include "models/sttram/RetentionModel.h"
#include "models/sttram/WeakCellModel.h"
#include "models/sttram/WriteErrorModel.h"
#include "models/sttram/WritePulseCalibration.h"
#include "models/sttram/WritePulseModel.h"

namespace sttvp {

// The retention definitions by their config names: "mean" takes the retention time as a bit's mean
// time to flip, "line_failure" as the time a line has failed with target_line_failure.
inline constexpr EnumTable<RetentionDefinition, 2> kRetentionDefinitions{
    {{{RetentionDefinition::kMeanTimeToFlip, "mean"},
      {RetentionDefinition::kLineFailure, "line_failure"}}}};

// Where the write pulse comes from: "current_fit" is the shortest pulse at which the fitted
// critical current Ic(t_w) reaches the drive current (a mean switching time, no error margin);
// "wer_target" the pulse whose write error rate at the write_errors drive current meets
// write_errors.target_bit_wer.
enum class WritePulseSource { kCurrentFit, kWerTarget };
inline constexpr EnumTable<WritePulseSource, 2> kWritePulseSources{
    {{{WritePulseSource::kCurrentFit, "current_fit"},
      {WritePulseSource::kWerTarget, "wer_target"}}}};

struct SttramConfig {
  // Design point.
  double retention_s = 0;
  RetentionCriterion criterion;
  double temperature_k = 0;   // operating temperature: the retention holds at it
  double sigma_fraction = 0;  // process variation: sigma of Delta as a fraction of its mean
  unsigned weak_cells = 8;    // weakest cells of a line modelled individually
  // Cell and write physics.
  RetentionParams cell;
  WritePulseParams write;  // fitted from the anchors
  // Timing and energy that do not follow from the pulse.
  double read_cycles = 0;            // latency a read adds on reaching the LLC
  double latency_offset_cycles = 0;  // device write latency cycles already counted before the LLC
  double bank_read_busy_cycles = 0;
  double read_nj = 0;
  double leakage_mw_per_mib = 0;  // static power per MiB of STT-RAM ways
  // Write errors: the write driver and switching dynamics; the pulse source.
  WritePulseSource pulse_source = WritePulseSource::kCurrentFit;
  bool write_errors = false;  // draw the bits each write of a line leaves wrong
  WriteErrorParams wer;
  double target_bit_wer = 0;
  // Read disturb: each read hit may flip bits (off by default: no published read current).
  bool read_disturb = false;
  ReadDisturbParams disturb;

  // Derived.
  double delta = 0;                   // at the operating temperature, where the retention holds
  double write_delta = 0;             // its barrier E_b in units of k_B * reference temperature
  WriteDesignPoint design;            // pulse, write cycles, energy of that barrier
  double write_cycles = 0;            // latency a write adds on reaching the LLC
  double bank_write_busy_cycles = 0;  // the pulse, in LLC cycles
  double write_nj = 0;
  double write_current_ratio = 0;  // I/Ic0 of the write (at the write barrier)
  double bit_wer = 0;              // per-bit write error rate of the design pulse
  double disturb_bit_p = 0;        // per-bit flip probability of one read (with variation)

  static SttramConfig parse(ConfigNode node, double clock_ghz, unsigned line_bytes);
  std::string definition_name() const;
};

}  // namespace sttvp
