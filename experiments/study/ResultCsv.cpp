#include "experiments/study/ResultCsv.h"

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace sttvp {

namespace {

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  std::string cell;
  while (std::getline(s, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

ResultCsv::ResultCsv(const std::string& text, std::string file) : file_(std::move(file)) {
  std::stringstream in(text);
  std::string line;
  if (std::getline(in, line)) header_ = split(line);
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    rows_.push_back(split(line));
    lines_.push_back(n);
  }
}

void ResultCsv::fail(std::size_t row, const std::string& column, const std::string& message) const {
  throw std::runtime_error(file_ + ": line " + std::to_string(lines_.at(row)) + ": column " +
                           column + ": " + message);
}

const std::string& ResultCsv::text(std::size_t row, const std::string& column) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] != column) continue;
    if (i >= rows_.at(row).size()) fail(row, column, "no such cell");
    return rows_[row][i];
  }
  throw std::runtime_error(file_ + ": no column " + column);
}

double ResultCsv::number(std::size_t row, const std::string& column) const {
  const std::string& cell = text(row, column);
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (cell.empty() || *end != '\0') fail(row, column, "\"" + cell + "\" is not a number");
  return v;
}

std::optional<double> ResultCsv::optional_number(std::size_t row, const std::string& column) const {
  if (text(row, column).empty()) return std::nullopt;
  return number(row, column);
}

std::uint64_t ResultCsv::count(std::size_t row, const std::string& column) const {
  const std::string& cell = text(row, column);
  char* end = nullptr;
  const unsigned long long v = std::strtoull(cell.c_str(), &end, 10);
  if (cell.empty() || cell[0] == '-' || *end != '\0')
    fail(row, column, "\"" + cell + "\" is not a count");
  return v;
}

}  // namespace sttvp
