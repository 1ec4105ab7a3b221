# Encoder benchmarks; included from bench/CMakeLists.txt.
add_executable(bench_encode ${CMAKE_CURRENT_LIST_DIR}/encode_bench.cpp)
target_include_directories(bench_encode PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_encode PRIVATE acoustream_encode benchmark::benchmark
                                           acoustream_warnings)
