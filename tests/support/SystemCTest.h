// Support for simulation tests: one simulation per test process (gtest_discover_tests runs every
// test in its own process, and SystemC cannot elaborate twice), and every SystemC warning or
// error becomes a test failure.
#pragma once

#include <gtest/gtest.h>

#include <systemc>

namespace sttvp::test {

inline void report_to_gtest(const sc_core::sc_report& report, const sc_core::sc_actions&) {
  if (report.get_severity() >= sc_core::SC_WARNING)
    ADD_FAILURE() << "SystemC "
                  << (report.get_severity() == sc_core::SC_WARNING ? "warning" : "error") << ": "
                  << report.get_msg_type() << ": " << report.get_msg();
  if (report.get_severity() >= sc_core::SC_ERROR) throw report;
}

class SystemCTest : public ::testing::Test {
 protected:
  void SetUp() override { sc_core::sc_report_handler::set_handler(report_to_gtest); }
};

}  // namespace sttvp::test
