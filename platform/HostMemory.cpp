#include "platform/HostMemory.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

namespace sttvp {

std::uint64_t HostMemory::bytes() {
  std::uint64_t have = 0;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) have = static_cast<std::uint64_t>(pages) * page;
  const auto lower = [&](std::uint64_t limit) {
    if (limit > 0) have = have == 0 ? limit : std::min(have, limit);
  };
  struct rlimit as {};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY) lower(as.rlim_cur);
  std::ifstream cgroup("/sys/fs/cgroup/memory.max");  // cgroup v2; "max" when unlimited
  std::uint64_t limit = 0;
  if (cgroup >> limit) lower(limit);
  return have;
}

std::string HostMemory::gib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1u << 30));
  return buf;
}

}  // namespace sttvp
