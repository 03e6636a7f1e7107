# `cmake --install BUILD [--prefix DIR]`: the models (common, caches, STT-RAM, DRAM, core) as a
# library that other TLM-2.0 platforms use through
#
#   find_package(sttvp 0.1 REQUIRED)
#   target_link_libraries(my_platform PRIVATE sttvp::models)
#
# Installed: the static libraries sttvp::base and sttvp::logic (no SystemC), the header-only
# sttvp::probe (the instrumentation API the core implements) and sttvp::models (the
# SystemC/TLM-2.0 modules), their headers under include/sttvp/{models,sw/probe}/ (included as
# "models/cache/Llc.h", as in this tree), and the CMake package files under lib/cmake/sttvp/. The
# training stack (sw/, Eigen) is not part of the package. The package config finds SystemC through
# pkg-config, like this build does, and nlohmann-json and Threads through CMake.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(STTVP_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/sttvp)
set(STTVP_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/sttvp)
set(STTVP_EXPORTED sttvp_base sttvp_logic sttvp_probe sttvp_models sttvp_warnings)

# Inside this tree, headers are found from the source root; installed, under include/sttvp.
foreach(target sttvp_base sttvp_probe)
  get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
  list(TRANSFORM dirs REPLACE "^${PROJECT_SOURCE_DIR}$"
       "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>;$<INSTALL_INTERFACE:${STTVP_INSTALL_INCLUDEDIR}>")
  set_property(TARGET ${target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES ${dirs})
endforeach()
# Debian's SystemC is built as C++17: so must be every platform that links the models.
target_compile_features(sttvp_models INTERFACE cxx_std_17)

foreach(target ${STTVP_EXPORTED})
  string(REPLACE "sttvp_" "" short ${target})
  set_property(TARGET ${target} PROPERTY EXPORT_NAME ${short})
  add_library(sttvp::${short} ALIAS ${target})
endforeach()
foreach(target sttvp_base sttvp_logic sttvp_models)
  set_target_properties(${target} PROPERTIES VERSION ${PROJECT_VERSION}
                                             SOVERSION ${PROJECT_VERSION_MAJOR})
endforeach()

install(TARGETS ${STTVP_EXPORTED} EXPORT sttvpTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${STTVP_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/ DESTINATION ${STTVP_INSTALL_INCLUDEDIR}/models
        FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sw/probe/ DESTINATION ${STTVP_INSTALL_INCLUDEDIR}/sw/probe
        FILES_MATCHING PATTERN "*.h")
install(EXPORT sttvpTargets NAMESPACE sttvp:: DESTINATION ${STTVP_INSTALL_CMAKEDIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sttvpConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/sttvpConfig.cmake
                              INSTALL_DESTINATION ${STTVP_INSTALL_CMAKEDIR})
# 0.x: a minor version may change the interface, so 0.1 accepts 0.1.* only.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sttvpConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sttvpConfig.cmake ${PROJECT_BINARY_DIR}/sttvpConfigVersion.cmake
        DESTINATION ${STTVP_INSTALL_CMAKEDIR})
