#include "models/sttram/ParameterCheck.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace sttvp {

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void require_positive(double value, const char* what) {
  if (!(std::isfinite(value) && value > 0.0))
    throw std::invalid_argument(std::string(what) + " must be finite and > 0, got " +
                                format_number(value));
}

void require_non_negative(double value, const char* what) {
  if (!(std::isfinite(value) && value >= 0.0))
    throw std::invalid_argument(std::string(what) + " must be finite and >= 0, got " +
                                format_number(value));
}

void require_finite(double value, const char* what) {
  if (!std::isfinite(value)) throw std::invalid_argument(std::string(what) + " must be finite");
}

}  // namespace sttvp
