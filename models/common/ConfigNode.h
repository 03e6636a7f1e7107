// JSON configuration with the provenance every error message needs.
//
// ConfigDocument loads a JSON file, resolves its "include" list (paths relative to the including
// file; the including file's keys override, objects merge deeply), applies --set overrides, and
// remembers which file each key came from. ConfigNode is a typed, validating view on one object of
// the document: every getter names the file and the dotted key path on error, getters with a
// default write the default into the document (so the resolved config written next to the
// results holds every value used), and finish() rejects keys nobody read. Keys starting with "_"
// are documentation (e.g. "_source") and are ignored.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "models/common/InputError.h"
#include "models/common/JsonText.h"

namespace sttvp {

class ConfigDocument {
 public:
  // Loads FILE and its includes (each a regular file within `limits`). Throws InputError naming
  // the file (and key path or line and column) on any problem.
  static std::shared_ptr<ConfigDocument> load(const std::string& file,
                                              const JsonLimits& limits = {});
  // A document from an in-memory JSON value; `origin` names it in error messages.
  static std::shared_ptr<ConfigDocument> from_json(Json value, const std::string& origin);

  // Applies "a.b.c=VALUE": VALUE parsed as JSON, else taken as a string.
  void set(const std::string& assignment);

  const Json& json() const { return root_; }
  Json& json() { return root_; }
  // The file that defined `path` (or its nearest ancestor): "--set" for a key given by --set,
  // "--set KEY" for a key inside the value of --set KEY.
  std::string origin(const std::string& path) const;
  // The origin to blame for an error at `path`: origin(path), and when that is a file while
  // --set changed other keys of the same object (the error may come from their combination),
  // "FILE with --set KEY...".
  std::string blame(const std::string& path) const;
  void set_origin(const std::string& path, const std::string& file);

 private:
  struct Loaded {
    Json value;
    std::map<std::string, std::string> origins;
  };
  static void merge(Loaded& into, const Loaded& from, Json& dst, const Json& src,
                    const std::string& path);
  static Loaded load_file(const std::string& file, std::vector<std::string>& stack,
                          const JsonLimits& limits);

  Json root_ = Json::object();
  std::map<std::string, std::string> origins_;
  std::vector<std::string> set_keys_;  // keys given by set(), in order
};

class ConfigNode {
 public:
  ConfigNode(std::shared_ptr<ConfigDocument> doc, Json* value, std::string path);
  // The root object of a document.
  explicit ConfigNode(std::shared_ptr<ConfigDocument> doc);

  const std::string& path() const { return path_; }
  bool has(const std::string& key) const;

  // A required child object, or an optional one (created empty when absent).
  ConfigNode child(const std::string& key);
  ConfigNode child_or_empty(const std::string& key);
  // Children of an array of objects.
  std::vector<ConfigNode> children(const std::string& key);

  std::uint64_t u64(const std::string& key, std::uint64_t min, std::uint64_t max);
  std::uint64_t u64(const std::string& key, std::uint64_t min, std::uint64_t max,
                    std::uint64_t fallback);
  double real(const std::string& key, double min, double max);
  double real(const std::string& key, double min, double max, double fallback);
  bool boolean(const std::string& key);
  bool boolean(const std::string& key, bool fallback);
  // A string that must be one of `allowed` (any string when `allowed` is empty).
  std::string text(const std::string& key, const std::vector<std::string>& allowed);
  std::string text(const std::string& key, const std::vector<std::string>& allowed,
                   const std::string& fallback);

  // The value of `key` as written (null when absent), marked as read: for a list or a value of
  // several shapes, which the caller checks itself and reports through fail().
  const Json& value(const std::string& key);

  // Throws for the first key of this object that no getter read.
  void finish() const;

  // An error about `key` of this object (or the object itself when key is empty).
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

  // "integer", "number", "string", "object", ... for error messages.
  static std::string type_name(const Json& v);
  // The word of `known` nearest to `word` (a typo's likely intent), or "" if none is near.
  static std::string closest(const std::string& word, const std::vector<std::string>& known);
  // A name that is safe as one folder name (a run or job id): letters, digits, . _ - only, not
  // "." or "..".
  static bool is_folder_name(const std::string& name);

 private:
  std::string key_path(const std::string& key) const;
  const Json& require(const std::string& key);

  std::shared_ptr<ConfigDocument> doc_;
  Json* value_;
  std::string path_;
  std::shared_ptr<std::set<std::string>> read_;
};

}  // namespace sttvp
