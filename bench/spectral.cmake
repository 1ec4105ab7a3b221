# Spectral analyser benchmark; included from bench/CMakeLists.txt.
add_executable(bench_spectral ${CMAKE_CURRENT_LIST_DIR}/spectral_bench.cpp)
target_link_libraries(bench_spectral PRIVATE acoustream_spectral benchmark::benchmark
                                             acoustream_warnings)
