# SSE load generator (bench/loadgen/); included from bench/CMakeLists.txt.
# Run by bench/fanout.sh; results in docs/benchmarks.md.
add_executable(
  sse_loadgen
  ${CMAKE_CURRENT_LIST_DIR}/loadgen/main.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loadgen/options.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loadgen/proc_sample.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loadgen/segment_memo.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loadgen/sse_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loadgen/sse_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/loadgen/stats.cpp)
target_include_directories(sse_loadgen PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(sse_loadgen PRIVATE Boost::headers Threads::Threads ZLIB::ZLIB acoustream_text
                                          acoustream_warnings)
