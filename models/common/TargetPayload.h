// How the TLM-2.0 targets of this project (LLC, DRAM) read a generic payload of b_transport,
// after IEEE 1666-2011 clause 14. Header-only and TLM-dependent: used by sttvp_models only (the
// rest of models/common has no SystemC).
//
// Rules implemented (the conformance tests in tests/models/test_tlm_conformance.cpp follow them):
// - Any address and length inside the target's range, aligned or not.
// - Streaming (14.15): with streaming width w < data length, data byte i goes to address
//   address + i % w: the payload is a sequence of beats over the same w addresses, executed in
//   order (a write leaves the last beat's bytes). Streaming width 0 is a burst error.
// - Byte enables (14.14): a null pointer enables every byte. Otherwise data byte i is enabled iff
//   byte_enable[i % byte_enable_length] is 0xff (the array repeats when shorter than the data;
//   surplus elements are ignored); disabled bytes are neither written to the target nor written
//   into the data array on a read. byte_enable_length 0 with a non-null pointer, and element
//   values other than 0x00 and 0xff (undefined by the standard), are byte-enable errors.
// - TLM_IGNORE_COMMAND: only the address is checked; no data is moved.
// - A read or write with data length 0 or a null data pointer is a generic error.
#pragma once

#include <algorithm>
#include <cstdint>
#include <tlm>

namespace sttvp {

class TargetPayload {
 public:
  explicit TargetPayload(const tlm::tlm_generic_payload& t)
      : address_(t.get_address()),
        data_(t.get_data_ptr()),
        length_(t.get_data_length()),
        width_(t.get_streaming_width()),
        be_(t.get_byte_enable_ptr()),
        be_length_(t.get_byte_enable_length()),
        command_(t.get_command()) {}

  // TLM_OK_RESPONSE if a target serving [base, base + size) can execute the payload, else the
  // standard error response to return.
  tlm::tlm_response_status check(std::uint64_t base, std::uint64_t size) const {
    if (command_ == tlm::TLM_IGNORE_COMMAND)
      return inside(address_, std::max<std::uint64_t>(1, span()), base, size)
                 ? tlm::TLM_OK_RESPONSE
                 : tlm::TLM_ADDRESS_ERROR_RESPONSE;
    if (command_ != tlm::TLM_READ_COMMAND && command_ != tlm::TLM_WRITE_COMMAND)
      return tlm::TLM_COMMAND_ERROR_RESPONSE;
    if (length_ == 0 || data_ == nullptr) return tlm::TLM_GENERIC_ERROR_RESPONSE;
    if (!inside(address_, span(), base, size)) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    if (width_ == 0) return tlm::TLM_BURST_ERROR_RESPONSE;
    if (be_ != nullptr) {
      if (be_length_ == 0) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
      const unsigned used = std::min(be_length_, length_);
      for (unsigned i = 0; i < used; ++i)
        if (be_[i] != TLM_BYTE_DISABLED && be_[i] != TLM_BYTE_ENABLED)
          return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    }
    return tlm::TLM_OK_RESPONSE;
  }

  // [addr, addr + len) lies inside [base, base + size) (without overflow).
  static bool inside(std::uint64_t addr, std::uint64_t len, std::uint64_t base,
                     std::uint64_t size) {
    return addr >= base && len <= size && addr - base <= size - len;
  }

  std::uint64_t address() const { return address_; }
  unsigned char* data() const { return data_; }
  unsigned length() const { return length_; }
  // Bytes of address space one beat covers (the whole payload without streaming).
  unsigned span() const { return width_ == 0 ? length_ : std::min(width_, length_); }
  unsigned beats() const { return span() == 0 ? 0 : (length_ + span() - 1) / span(); }
  bool has_byte_enables() const { return be_ != nullptr; }
  bool enabled(unsigned i) const { return be_ == nullptr || be_[i % be_length_] != 0; }

  // Calls f(data_offset, address, n) for every maximal run of enabled data bytes that is
  // contiguous in both the data array and the address space, beat by beat, in data order.
  template <typename F>
  void for_each_run(F&& f) const {
    const unsigned w = span();
    for (unsigned beat = 0; beat * w < length_; ++beat) {
      const unsigned first = beat * w;
      const unsigned end = std::min(first + w, length_);
      if (be_ == nullptr) {
        f(first, address_, end - first);
        continue;
      }
      for (unsigned i = first; i < end;) {
        if (!enabled(i)) {
          ++i;
          continue;
        }
        unsigned j = i + 1;
        while (j < end && enabled(j)) ++j;
        f(i, address_ + (i - first), j - i);
        i = j;
      }
    }
  }

  // Enabled bytes of beat `beat` that fall into [lo, hi) of the address space.
  unsigned enabled_in(unsigned beat, std::uint64_t lo, std::uint64_t hi) const {
    const unsigned w = span();
    const unsigned first = beat * w;
    const unsigned end = std::min(first + w, length_);
    const std::uint64_t a0 = std::max(lo, address_);
    const std::uint64_t a1 = std::min(hi, address_ + (end - first));
    if (a0 >= a1) return 0;
    if (be_ == nullptr) return static_cast<unsigned>(a1 - a0);
    unsigned n = 0;
    for (std::uint64_t a = a0; a < a1; ++a)
      n += enabled(first + static_cast<unsigned>(a - address_));
    return n;
  }

 private:
  std::uint64_t address_;
  unsigned char* data_;
  unsigned length_;
  unsigned width_;
  const unsigned char* be_;
  unsigned be_length_;
  tlm::tlm_command command_;
};

}  // namespace sttvp
