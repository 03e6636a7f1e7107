// main() for the simulation test binaries. SystemC's library needs an sc_main symbol (declared
// extern "C" by <systemc>) even though the tests never call it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <systemc>

int sc_main(int, char*[]) { return 0; }

int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
