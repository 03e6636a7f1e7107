option(STTVP_BUILD_TESTS "Build the GoogleTest suites" ON)
option(STTVP_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

add_library(sttvp_warnings INTERFACE)
target_compile_options(sttvp_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)

if(STTVP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Native kernels use AVX2 + FMA (the Skylake baseline). Valgrind builds override with -mno-fma.
set(STTVP_ARCH_FLAGS "-mavx2;-mfma" CACHE STRING "Target ISA flags for kernels and models")
add_compile_options(${STTVP_ARCH_FLAGS})

# libFuzzer targets under fuzz/ (clang only; scripts/fuzz.sh builds and runs them).
option(STTVP_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(STTVP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "STTVP_FUZZ needs clang: -DCMAKE_CXX_COMPILER=clang++")
  endif()
  # Coverage for libFuzzer everywhere; every sanitizer report is fatal.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all -g)
  add_link_options(-fsanitize=address,undefined)
endif()
