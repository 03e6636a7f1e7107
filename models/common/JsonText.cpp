#include "models/common/JsonText.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "models/common/InputError.h"

namespace sttvp {

namespace {

// nlohmann's message without its "[json.exception.NAME.ID] " prefix and, for a parse error, the
// "parse error at line L, column C: " that position() replaces.
std::string reason(const Json::exception& e) {
  std::string what = e.what();
  const auto tag = what.find("] ");
  if (tag != std::string::npos) what = what.substr(tag + 2);
  if (what.rfind("parse error", 0) == 0) {
    const auto colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
  }
  return what;
}

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// Nesting and repeated keys of `text`, which nlohmann has accepted as JSON (so strings are closed
// and brackets balanced; only their structure is looked at).
void check_structure(const std::string& text, const std::string& origin, const JsonLimits& limits,
                     const std::string& top_path) {
  struct Frame {
    bool object = false;
    std::string path;
    bool expect_key = true;                   // object: the next string is a key
    std::string key;                          // object: the key whose value comes next
    std::size_t items = 0;                    // array: index of the value that comes next
    std::map<std::string, std::size_t> keys;  // object: offset of each key seen
  };
  std::vector<Frame> stack;
  const auto child_path = [&]() -> std::string {
    if (stack.empty()) return top_path;
    const Frame& top = stack.back();
    if (!top.object) return top.path + "[" + std::to_string(top.items) + "]";
    return top.path.empty() ? top.key : top.path + "." + top.key;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      if (stack.size() >= limits.max_depth) {
        const std::string nested =
            "nested deeper than " + std::to_string(limits.max_depth) + " levels";
        if (top_path.empty()) throw InputError(origin, JsonText::position(text, i), nested);
        throw InputError(origin, top_path, nested + " (at " + JsonText::position(text, i) + ")");
      }
      Frame frame;
      frame.object = c == '{';
      frame.path = child_path();
      stack.push_back(std::move(frame));
    } else if (c == '}' || c == ']') {
      stack.pop_back();
    } else if (c == ',') {
      if (stack.back().object)
        stack.back().expect_key = true;
      else
        ++stack.back().items;
    } else if (c == '"') {
      std::size_t end = i + 1;
      while (text[end] != '"') end += text[end] == '\\' ? 2 : 1;
      Frame* top = stack.empty() ? nullptr : &stack.back();
      if (top != nullptr && top->object && top->expect_key) {
        top->key = Json::parse(text.substr(i, end + 1 - i)).get<std::string>();
        top->expect_key = false;
        const auto [at, fresh] = top->keys.emplace(top->key, i);
        if (!fresh)
          throw InputError(origin, child_path(),
                           "key given twice, at " + JsonText::position(text, at->second) +
                               " and at " + JsonText::position(text, i) + " (remove one)");
      }
      i = end;
    }
  }
}

}  // namespace

std::string JsonText::position(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const auto begin = text.begin();
  const auto line = 1 + std::count(begin, begin + static_cast<std::ptrdiff_t>(offset), '\n');
  const auto last_newline = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  const std::size_t column = last_newline == std::string::npos ? offset + 1 : offset - last_newline;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string JsonText::read(const std::string& file, const JsonLimits& limits) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before it is refused.
  const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw InputError(file, "", std::string("cannot open: ") + std::strerror(errno));
  const auto too_large = [&](std::uint64_t bytes) {
    return "is " + std::to_string(bytes) + " bytes, more than the limit of " +
           (limits.max_bytes >= (1u << 20) ? mib(limits.max_bytes)
                                           : std::to_string(limits.max_bytes) + " bytes");
  };
  struct stat st {};
  std::string text, problem;
  if (::fstat(fd, &st) != 0) {
    problem = std::string("cannot read: ") + std::strerror(errno);
  } else if (S_ISDIR(st.st_mode)) {
    problem = "is a folder, not a file";
  } else if (!S_ISREG(st.st_mode)) {
    problem = "is not a regular file (a device, FIFO or socket); give a file";
  } else if (static_cast<std::uint64_t>(st.st_size) > limits.max_bytes) {
    problem = too_large(static_cast<std::uint64_t>(st.st_size));
  } else {
    // To the end, but never beyond the limit (a file may grow, or report no size, as in /proc).
    std::vector<char> buf(std::size_t{1} << 16);
    while (problem.empty()) {
      const ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) problem = std::string("cannot read: ") + std::strerror(errno);
      if (n <= 0) break;
      text.append(buf.data(), static_cast<std::size_t>(n));
      if (text.size() > limits.max_bytes) problem = too_large(text.size()) + " (and growing)";
    }
  }
  ::close(fd);
  if (!problem.empty()) throw InputError(file, "", problem);
  return text;
}

Json JsonText::parse(const std::string& text, const std::string& origin, const JsonLimits& limits,
                     const std::string& path) {
  Json value;
  try {
    value = Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw InputError(origin, JsonText::position(text, e.byte == 0 ? 0 : e.byte - 1),
                     "malformed JSON: " + reason(e));
  } catch (const Json::exception& e) {  // e.g. a number beyond the range of a double
    throw InputError(origin, "", "malformed JSON: " + reason(e));
  }
  check_structure(text, origin, limits, path);
  return value;
}

bool JsonText::try_parse(const std::string& text, const std::string& origin,
                         const JsonLimits& limits, const std::string& path, Json& out) {
  Json value;
  try {
    value = Json::parse(text);
  } catch (const Json::parse_error&) {
    return false;
  } catch (const Json::exception& e) {  // JSON, but a number beyond the range of a double
    throw InputError(origin, path, reason(e));
  }
  check_structure(text, origin, limits, path);
  out = std::move(value);
  return true;
}

}  // namespace sttvp
