#include "app/TraceConvertCommand.h"

#include <CLI/CLI.hpp>
#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

#include "experiments/jobs/ChoiceValidator.h"
#include "experiments/jobs/PathValidator.h"
#include "models/trace/BinaryTraceWriter.h"
#include "models/trace/LackeyTraceWriter.h"
#include "models/trace/TraceReader.h"
#include "platform/OutputPath.h"

namespace sttvp {

namespace {

// Copies every record from `reader` to `writer`; counts them by kind.
template <typename Writer>
std::uint64_t convert(TraceReader& reader, Writer& writer, std::array<std::uint64_t, 4>& kinds) {
  std::vector<TraceAccess> batch(4096);
  while (const std::size_t n = reader.read(batch.data(), batch.size())) {
    for (std::size_t i = 0; i < n; ++i) {
      ++kinds[static_cast<unsigned>(batch[i].kind)];
      writer.write(batch[i]);
    }
  }
  return writer.finish();
}

}  // namespace

CLI::App* add_trace_convert_command(CLI::App& app, TraceConvertOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "trace-convert", "convert a memory-access trace between Lackey text and sttvp binary");
  cmd->add_option("--in", o.in, "input trace (\"-\": standard input)")->required();
  cmd->add_option("--from", o.from, "input format: lackey or bin")
      ->check(ChoiceValidator({"lackey", "bin"}))
      ->capture_default_str();
  cmd->add_option("--out", o.out, "output trace (\"-\": standard output)")
      ->required()
      ->check(PathValidator(true));
  cmd->add_option("--to", o.to, "output format: bin or lackey")
      ->check(ChoiceValidator({"lackey", "bin"}))
      ->capture_default_str();
  cmd->add_flag("--quiet", o.quiet, "no summary on stdout");
  return cmd;
}

int trace_convert_command(const TraceConvertOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  TraceFormat from = TraceFormat::Lackey;
  parse_trace_format(o.from, from);
  // Checked before the input is read: a device, FIFO or folder is never replaced by the result,
  // a symbolic link is written through, "-" is standard output.
  const std::string out = OutputPath::file(o.out, "--out", true);
  const auto reader = TraceReader::open(o.in, from);
  std::array<std::uint64_t, 4> kinds{};
  std::uint64_t out_bytes = 0;
  if (o.to == "bin") {
    BinaryTraceWriter writer(out);
    out_bytes = convert(*reader, writer, kinds);
  } else {
    LackeyTraceWriter writer(out);
    out_bytes = convert(*reader, writer, kinds);
  }
  if (!o.quiet) {
    // The summary goes to stderr when the trace itself goes to stdout.
    FILE* summary = out == "-" ? stderr : stdout;
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::uint64_t n = reader->records();
    std::fprintf(summary, "sttvp trace-convert: %s (%s) -> %s (%s)\n", o.in.c_str(), o.from.c_str(),
                 o.out.c_str(), o.to.c_str());
    std::fprintf(summary, "  records  %llu (I %llu, L %llu, S %llu, M %llu)\n",
                 static_cast<unsigned long long>(n), static_cast<unsigned long long>(kinds[0]),
                 static_cast<unsigned long long>(kinds[1]),
                 static_cast<unsigned long long>(kinds[2]),
                 static_cast<unsigned long long>(kinds[3]));
    std::fprintf(summary, "  size     %.1f MB -> %.1f MB (%.2f bytes per record)\n",
                 static_cast<double>(reader->bytes_read()) / 1e6,
                 static_cast<double>(out_bytes) / 1e6,
                 n ? static_cast<double>(out_bytes) / static_cast<double>(n) : 0.0);
    std::fprintf(summary, "  host     %.2f s, %.1f M records/s\n", s, s > 0 ? n / s / 1e6 : 0.0);
  }
  return 0;
}

}  // namespace sttvp
