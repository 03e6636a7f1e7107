// Fuzz target: IDX data files (sw/IdxFile), read alone and as the images of a data set (with the
// labels file generated here), as `sttvp train --data` reads them. Success or an InputError naming
// the file and offset are the only acceptable outcomes.
#include <cstdint>
#include <string>

#include "fuzz/FuzzFile.h"
#include "models/common/InputError.h"
#include "sw/data/Dataset.h"
#include "sw/data/IdxFile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const FuzzFile images("images.idx");
  static const FuzzFile labels = [] {
    FuzzFile f("labels.idx");
    const std::uint8_t two_labels[] = {0, 0, 8, 1, 0, 0, 0, 2, 3, 7};
    f.write(two_labels, sizeof two_labels);
    return f;
  }();
  images.write(data, size);
  try {
    const auto idx = sttvp::sw::IdxFile::read(images.path());
    // Every data byte the header promises must be there (ASan reports a read beyond the file).
    unsigned sum = 0;
    for (std::size_t i = 0; i < idx.count() * idx.item_bytes(); ++i) sum += idx.data()[i];
    if (sum == 1u << 31) __builtin_trap();  // keeps the loop
  } catch (const sttvp::InputError& e) {
    if (std::string(e.what()).find("offset ") == std::string::npos) __builtin_trap();
  }
  try {
    const auto set =
        sttvp::sw::Dataset::load(images.path(), labels.path(), sttvp::sw::DatasetOptions::mlp());
    (void)set;
  } catch (const sttvp::InputError&) {
  }
  return 0;
}
