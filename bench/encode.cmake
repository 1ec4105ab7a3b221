# Encoder benchmarks; included from bench/CMakeLists.txt.
add_executable(bench_encode ${CMAKE_CURRENT_LIST_DIR}/encode_bench.cpp)
target_link_libraries(bench_encode PRIVATE acoustream_encode benchmark::benchmark
                                           acoustream_warnings)
