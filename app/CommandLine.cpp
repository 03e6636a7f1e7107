#include "app/CommandLine.h"

#include <CLI/CLI.hpp>

#include "models/common/ConfigNode.h"

namespace sttvp {

namespace {

std::vector<const CLI::App*> commands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

std::string command_list(const CLI::App& app) {
  std::string list;
  for (const CLI::App* c : commands(app)) list += (list.empty() ? "" : ", ") + c->get_name();
  return list;
}

// " (did you mean X?)" or "".
std::string guess(const std::string& word, const std::vector<std::string>& known,
                  const std::string& prefix = "") {
  const std::string g = ConfigNode::closest(word, known);
  return g.empty() ? "" : " (did you mean " + prefix + g + "?)";
}

}  // namespace

std::string CommandLine::unknown_name(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* cmd = &app;
  std::string path;         // "sweep collect"
  bool value_next = false;  // the previous option takes this argument as its value
  for (const std::string& a : args) {
    if (a == "--") break;
    if (value_next) {
      value_next = false;
      continue;
    }
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      const std::string name = a.substr(0, a.find('='));
      const CLI::Option* opt = cmd->get_option_no_throw(name);
      if (opt == nullptr) {
        std::vector<std::string> known;
        for (const CLI::Option* o : cmd->get_options())
          for (const std::string& n : o->get_lnames()) known.push_back(n);
        return (path.empty() ? "" : path + ": ") + "unknown option " + name +
               guess(name.substr(2), known, "--");
      }
      value_next = a.find('=') == std::string::npos && opt->get_expected_min() > 0;
      continue;
    }
    if (a.size() > 1 && a[0] == '-') continue;  // a short option or a negative number
    const CLI::App* sub = nullptr;
    for (const CLI::App* c : commands(*cmd))
      if (c->check_name(a)) sub = c;
    if (sub != nullptr) {
      cmd = sub;
      path += (path.empty() ? "" : " ") + sub->get_name();
    } else if (cmd == &app) {
      std::vector<std::string> names;
      for (const CLI::App* c : commands(app)) names.push_back(c->get_name());
      const std::string g = guess(a, names);
      return "unknown command '" + a + "'" +
             (g.empty() ? " (commands: " + command_list(app) + ")" : g);
    }
  }
  return "";
}

std::string CommandLine::message(const CLI::App& app, const CLI::ParseError& error) {
  const std::string what = error.what();
  const std::string name = what.substr(0, what.find(": "));
  if (what.find("subcommand is required") != std::string::npos)
    return "a command is required: " + command_list(app);
  if (what.find(" required ") != std::string::npos && what.find(" missing") != std::string::npos)
    return name + " needs a value";
  const auto most = what.find("At Most ");
  if (most != std::string::npos) {
    const auto received = what.find("received ");
    return name + " is given " +
           (received == std::string::npos ? std::string("more than once")
                                          : what.substr(received + 9) + " times") +
           "; give it once";
  }
  return what;
}

}  // namespace sttvp
