// nn_native: trains LeNet-5 or an MLP natively (no simulation, no probe sink) on MNIST IDX files
// and prints one line per epoch. For accuracy curves and the native speed baseline.
//
//   nn_native [--net lenet|mlp|mlp-small] [--preset default|reference] [--epochs N]
//             [--shares S] [--workers W] [--seed N] [--data DIR] [--train-samples N]
//             [--alpha A] [--pixel-min -1|0] [--shift N] [--hidden W1,W2,..]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "sw/Executor.h"
#include "sw/IdxFile.h"
#include "sw/Trainer.h"
#include "sw/TrainerConfig.h"
#include "sw/TrainingData.h"

namespace {

using sttvp::sw::IdxFile;
using sttvp::sw::TrainingData;

TrainingData load(const std::string& dir, const std::string& prefix, bool lenet, float lo) {
  const IdxFile images =
      IdxFile::read(dir + "/" + prefix + "-images-idx3-ubyte", IdxFile::kImagesMagic);
  const IdxFile labels =
      IdxFile::read(dir + "/" + prefix + "-labels-idx1-ubyte", IdxFile::kLabelsMagic);
  return TrainingData::from_bytes(images.data(), labels.data(), labels.count(), images.dims()[1],
                                  images.dims()[2], lo, 1.0f, lenet ? 2 : 0);
}

int usage() {
  std::fprintf(
      stderr,
      "usage: nn_native [--net lenet|mlp|mlp-small] [--preset default|reference] "
      "[--epochs N] [--shares S] [--workers W] [--seed N] [--data DIR] "
      "[--train-samples N] [--alpha A] [--pixel-min -1|0] [--shift N] [--hidden W1,W2,..]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string net = "lenet";
  std::string preset = "default";
  std::string dir = "data/mnist";
  long epochs = -1;
  long shares = 1;
  long workers = -1;
  long seed = -1;
  long train_samples = 0;
  double alpha = 0;
  double pixel_min = 1;
  long shift = -1;
  std::string hidden;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const std::string value = argv[++i];
    if (arg == "--net") {
      net = value;
    } else if (arg == "--preset") {
      preset = value;
    } else if (arg == "--data") {
      dir = value;
    } else if (arg == "--epochs") {
      epochs = std::atol(value.c_str());
    } else if (arg == "--shares") {
      shares = std::atol(value.c_str());
    } else if (arg == "--workers") {
      workers = std::atol(value.c_str());
    } else if (arg == "--seed") {
      seed = std::atol(value.c_str());
    } else if (arg == "--alpha") {
      alpha = std::atof(value.c_str());
    } else if (arg == "--hidden") {
      hidden = value;
    } else if (arg == "--shift") {
      shift = std::atol(value.c_str());
    } else if (arg == "--pixel-min") {
      pixel_min = std::atof(value.c_str());
    } else if (arg == "--train-samples") {
      train_samples = std::atol(value.c_str());
    } else {
      return usage();
    }
  }
  try {
    using sttvp::sw::TrainerConfig;
    TrainerConfig config;
    if (net == "lenet") {
      config =
          preset == "reference" ? TrainerConfig::lenet_reference() : TrainerConfig::lenet_default();
    } else if (net == "mlp") {
      config = TrainerConfig::mlp_default();
    } else if (net == "mlp-small") {
      config = TrainerConfig::mlp_small();
    } else {
      return usage();
    }
    if (epochs > 0) config.epochs = static_cast<unsigned>(epochs);
    if (alpha > 0) config.optimizer.alpha = static_cast<float>(alpha);
    if (!hidden.empty()) {
      config.mlp.hidden.clear();
      for (std::size_t at = 0; at < hidden.size();) {
        const std::size_t comma = std::min(hidden.find(',', at), hidden.size());
        config.mlp.hidden.push_back(std::stoul(hidden.substr(at, comma - at)));
        at = comma + 1;
      }
    }
    if (shift >= 0) config.shift_augment = static_cast<unsigned>(shift);
    if (seed >= 0) config.seed = static_cast<std::uint64_t>(seed);
    config.shares = static_cast<unsigned>(shares);
    const bool lenet = net == "lenet";
    // Pixels scale to [lo, 1]: LeNet [-1, 1] as tiny-dnn; the MLPs [0, 1] (a -1 background on
    // 784 inputs gives every first-layer unit a large common offset and trains badly).
    const float lo = pixel_min <= 0 ? static_cast<float>(pixel_min) : lenet ? -1.0f : 0.0f;
    TrainingData train = load(dir, "train", lenet, lo);
    const TrainingData test = load(dir, "t10k", lenet, lo);
    if (train_samples > 0) train = train.head(static_cast<std::size_t>(train_samples));
    sttvp::sw::SerialExecutor executor(workers > 0 ? static_cast<unsigned>(workers)
                                                   : config.shares);
    sttvp::sw::Trainer trainer(config, train, test, executor);
    std::printf("# net=%s preset=%s params=%zu train=%zu test=%zu shares=%u minibatch=%zu\n",
                net.c_str(), preset.c_str(), trainer.network().param_count(), train.size(),
                test.size(), config.shares, config.minibatch);
    std::printf("epoch,loss,train_acc,test_acc,seconds,eval_seconds,nonfinite\n");
    trainer.train([](const sttvp::sw::EpochStats& s) {
      std::printf("%u,%.5f,%.4f,%.4f,%.3f,%.3f,%llu\n", s.epoch, s.loss, s.train_accuracy,
                  s.test_accuracy, s.seconds, s.eval_seconds,
                  static_cast<unsigned long long>(s.nonfinite + s.nonfinite_params));
      std::fflush(stdout);
    });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nn_native: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
