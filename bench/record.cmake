# Recorder CPU benchmark; included from bench/CMakeLists.txt.
add_executable(bench_record ${CMAKE_CURRENT_LIST_DIR}/record_bench.cpp)
target_link_libraries(bench_record PRIVATE acoustream_record spdlog::spdlog acoustream_warnings)
