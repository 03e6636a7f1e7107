// A CSV table a run wrote (retention.csv, write_read_distance.csv, train.csv, campaign.csv): a
// header line, then rows of comma-separated cells without quoting. Cells are read by column name
// and type; a missing column or a cell that is not what the column holds is an error naming the
// file, the line and the column.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sttvp {

class ResultCsv {
 public:
  // `text` is the content of `file`; empty lines are skipped.
  ResultCsv(const std::string& text, std::string file);

  std::size_t rows() const { return rows_.size(); }
  const std::string& text(std::size_t row, const std::string& column) const;
  // A number as printf writes it ("nan" and "inf" included).
  double number(std::size_t row, const std::string& column) const;
  // A number, or none for an empty cell.
  std::optional<double> optional_number(std::size_t row, const std::string& column) const;
  // A non-negative integer.
  std::uint64_t count(std::size_t row, const std::string& column) const;

 private:
  [[noreturn]] void fail(std::size_t row, const std::string& column,
                         const std::string& message) const;

  std::string file_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;  // of each row, from 1
};

}  // namespace sttvp
