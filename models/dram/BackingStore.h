// The one functional data store of the platform (see DESIGN.md, "Data").
//
// HostStore: simulated address = host address. The native training kernels' tensors live in host
// memory, so the platform's store IS that memory: a line fill whose data pointer is the line's
// own host address needs no copy, and a retention flip applied to the store lands exactly where
// the kernel reads next. Only addresses the kernels reported may be touched.
// SparseStore: a zero-initialised, page-allocated memory for an explicit address range (scripted
// initiators, trace replay, embedding in other platforms).
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace sttvp {

class BackingStore {
 public:
  BackingStore(std::uint64_t base, std::uint64_t size) : base_(base), size_(size) {}
  virtual ~BackingStore() = default;

  std::uint64_t base() const { return base_; }
  std::uint64_t size() const { return size_; }
  bool contains(std::uint64_t addr, std::uint64_t len) const {
    return addr >= base_ && len <= size_ && addr - base_ <= size_ - len;
  }
  // Host pointer to the byte at `addr`, and how many bytes from there are contiguous.
  virtual unsigned char* pointer(std::uint64_t addr) = 0;
  virtual std::uint64_t contiguous(std::uint64_t addr) const = 0;

  // Copies between the store and a buffer; no copy where the buffer IS the store location.
  void read(std::uint64_t addr, unsigned char* dst, std::uint64_t len);
  void write(std::uint64_t addr, const unsigned char* src, std::uint64_t len);

 private:
  std::uint64_t base_;
  std::uint64_t size_;
};

class HostStore final : public BackingStore {
 public:
  using BackingStore::BackingStore;
  unsigned char* pointer(std::uint64_t addr) override {
    return reinterpret_cast<unsigned char*>(static_cast<std::uintptr_t>(addr));
  }
  std::uint64_t contiguous(std::uint64_t addr) const override { return base() + size() - addr; }
};

class SparseStore final : public BackingStore {
 public:
  static constexpr std::uint64_t kPageBytes = 4096;
  using BackingStore::BackingStore;
  unsigned char* pointer(std::uint64_t addr) override;
  std::uint64_t contiguous(std::uint64_t addr) const override {
    return kPageBytes - (addr % kPageBytes);
  }
  std::size_t pages() const { return pages_.size(); }

 private:
  std::unordered_map<std::uint64_t, std::unique_ptr<unsigned char[]>> pages_;
};

}  // namespace sttvp
