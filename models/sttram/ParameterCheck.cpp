#include "models/sttram/ParameterCheck.h"

#include <cstdio>
#include <stdexcept>

namespace sttvp {

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void throw_bad_parameter(const char* what, const char* requirement, double value) {
  throw std::invalid_argument(std::string(what) + " must be " + requirement + ", got " +
                              format_number(value));
}

void throw_not_finite(const char* what) {
  throw std::invalid_argument(std::string(what) + " must be finite");
}

}  // namespace sttvp
