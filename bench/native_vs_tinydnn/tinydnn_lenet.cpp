// One epoch of LeNet-5 training with the reference library, Debian's tiny-dnn 1.0.0a3, on the
// same data and with the same settings as `sttvp train --net lenet --native --epochs 1`
// (configs/training/lenet-default.json: Adam alpha 0.001, minibatch 16, MSE against the tanh
// targets, pixels in [-1, 1] padded to 32 x 32). Prints the wall time of each epoch's training
// (evaluation excluded) and the test accuracy, one line per repetition:
//
//   tinydnn_lenet DATA_DIR REPETITIONS
//
// Debian's tiny-dnn fuses each activation into its layer (6 layers instead of the 12 of tiny-dnn's
// master branch), which computes the same network. Build: see run.sh (-DCNN_SINGLE_THREAD
// -DCNN_USE_AVX, the AVX kernels on one core).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "tiny_dnn/tiny_dnn.h"

using namespace tiny_dnn;
using namespace tiny_dnn::activation;

namespace {

void build_lenet(network<sequential>& nn) {
  // The LeNet-5 connection table between the 6 maps of layer 2 and the 16 of layer 3.
  // clang-format off
#define O true
#define X false
  static const bool tbl[] = {O, X, X, X, O, O, O, X, X, O, O, O, O, X, O, O,
                             O, O, X, X, X, O, O, O, X, X, O, O, O, O, X, O,
                             O, O, O, X, X, X, O, O, O, X, X, O, X, O, O, O,
                             X, O, O, O, X, X, O, O, O, O, X, X, O, X, O, O,
                             X, X, O, O, O, X, X, O, O, O, O, X, O, O, X, O,
                             X, X, X, O, O, O, X, X, O, O, O, O, X, O, O, O};
#undef O
#undef X
  // clang-format on
  nn << convolutional_layer<tan_h>(32, 32, 5, 1, 6) << average_pooling_layer<tan_h>(28, 28, 6, 2)
     << convolutional_layer<tan_h>(14, 14, 5, 6, 16, connection_table(tbl, 6, 16))
     << average_pooling_layer<tan_h>(10, 10, 16, 2) << convolutional_layer<tan_h>(5, 5, 5, 16, 120)
     << fully_connected_layer<tan_h>(120, 10);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: tinydnn_lenet DATA_DIR REPETITIONS\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int repetitions = std::atoi(argv[2]);
  std::vector<label_t> train_labels, test_labels;
  std::vector<vec_t> train_images, test_images;
  parse_mnist_labels(dir + "/train-labels-idx1-ubyte", &train_labels);
  parse_mnist_images(dir + "/train-images-idx3-ubyte", &train_images, -1.0, 1.0, 2, 2);
  parse_mnist_labels(dir + "/t10k-labels-idx1-ubyte", &test_labels);
  parse_mnist_images(dir + "/t10k-images-idx3-ubyte", &test_images, -1.0, 1.0, 2, 2);
  for (int r = 0; r < repetitions; ++r) {
    network<sequential> nn;
    build_lenet(nn);
    adam optimizer;  // alpha 0.001, b1 0.9, b2 0.999
    const auto t0 = std::chrono::steady_clock::now();
    nn.train<mse>(optimizer, train_images, train_labels, 16, 1);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const result res = nn.test(test_images, test_labels);
    std::printf("tiny-dnn epoch %.3f s, test accuracy %.4f\n", seconds,
                static_cast<double>(res.num_success) / res.num_total);
    std::fflush(stdout);
  }
  return 0;
}
