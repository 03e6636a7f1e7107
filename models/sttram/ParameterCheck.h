// Argument checks shared by the device models: each throws std::invalid_argument with a message
// that names the quantity and, for a bad number, gives it. `what` is a C string so that a check
// on a hot path (a retention evaluation per LLC read) allocates nothing unless it fails.
// The checks are inline and only the throw is a call.
#pragma once

#include <cmath>
#include <string>

namespace sttvp {

// A number as the messages print it (%.6g).
std::string format_number(double v);

// Throws std::invalid_argument "<what> must be <requirement>, got <value>".
[[noreturn]] void throw_bad_parameter(const char* what, const char* requirement, double value);
// Throws std::invalid_argument "<what> must be finite".
[[noreturn]] void throw_not_finite(const char* what);

inline void require_positive(double value, const char* what) {  // finite and > 0
  if (!(std::isfinite(value) && value > 0.0)) throw_bad_parameter(what, "finite and > 0", value);
}
inline void require_non_negative(double value, const char* what) {  // finite and >= 0
  if (!(std::isfinite(value) && value >= 0.0)) throw_bad_parameter(what, "finite and >= 0", value);
}
inline void require_finite(double value, const char* what) {
  if (!std::isfinite(value)) throw_not_finite(what);
}

}  // namespace sttvp
