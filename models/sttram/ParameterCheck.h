// Argument checks shared by the device models: each throws std::invalid_argument with a message
// that names the quantity and, for a bad number, gives it. `what` is a C string so that a check
// on a hot path (a retention evaluation per LLC read) allocates nothing unless it fails.
#pragma once

#include <string>

namespace sttvp {

// A number as the messages print it (%.6g).
std::string format_number(double v);

void require_positive(double value, const char* what);      // finite and > 0
void require_non_negative(double value, const char* what);  // finite and >= 0
void require_finite(double value, const char* what);

}  // namespace sttvp
