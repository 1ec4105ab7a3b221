# Event compression benchmark; included from bench/CMakeLists.txt.
add_executable(bench_compress ${CMAKE_CURRENT_LIST_DIR}/compress_bench.cpp)
target_include_directories(bench_compress PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_compress PRIVATE acoustream_encode benchmark::benchmark
                                             acoustream_warnings)
