// "Nothing written": the number of rows of every table of a database, taken before and
// after an operation and compared.
#ifndef SHOUHU_TESTS_SUPPORT_TABLE_COUNTS_H_
#define SHOUHU_TESTS_SUPPORT_TABLE_COUNTS_H_

#include <cstdint>
#include <map>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/pool.h"

namespace shouhu::testing {

// Table name -> SELECT COUNT(*), for every base table of the pool's database.
using TableCounts = std::map<std::string, int64_t>;

absl::StatusOr<TableCounts> CountEveryTable(db::ConnectionPool& pool);

// The tables whose counts differ, as "name: before -> after" lines ("" when equal).
std::string DescribeChange(const TableCounts& before, const TableCounts& after);

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_TABLE_COUNTS_H_
