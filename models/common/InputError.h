// An error in something the user gave us: a config, an override, a data set, a trace, an argument.
// The program prints "sttvp: FILE: WHERE: MESSAGE" on one line and exits with status 2, leaving
// no output behind. `where` is a dotted key path for JSON, "offset N" for binary files, "line N"
// for text files, or empty.
#pragma once

#include <stdexcept>
#include <string>

namespace sttvp {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string where, const std::string& message)
      : std::runtime_error(format(file, where, message)),
        file_(std::move(file)),
        where_(std::move(where)) {}

  const std::string& file() const { return file_; }
  const std::string& where() const { return where_; }

 private:
  static std::string format(const std::string& file, const std::string& where,
                            const std::string& message) {
    std::string out = file.empty() ? std::string("<input>") : file;
    if (!where.empty()) out += ": " + where;
    return one_line(out + ": " + message);
  }
  // Control characters (a key or value quoted from the input may hold a newline) are escaped,
  // so the message stays one line.
  static std::string one_line(const std::string& text) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '\n') {
        out += "\\n";
      } else if (u < 0x20 || u == 0x7f) {
        out += "\\x";
        out += hex[u >> 4];
        out += hex[u & 15];
      } else {
        out += c;
      }
    }
    return out;
  }
  std::string file_;
  std::string where_;
};

}  // namespace sttvp
