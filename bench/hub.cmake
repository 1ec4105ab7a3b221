# Broadcast hub benchmark; included from bench/CMakeLists.txt.
add_executable(bench_hub ${CMAKE_CURRENT_LIST_DIR}/hub_bench.cpp)
target_link_libraries(bench_hub PRIVATE acoustream_stream benchmark::benchmark acoustream_warnings)
