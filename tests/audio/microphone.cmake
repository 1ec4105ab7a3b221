# Tests of the microphone source (real ALSA capture through a FIFO-fed file
# plugin device) and of the SPSC ring. Included by tests/audio/CMakeLists.txt.
acoustream_test(test_microphone
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/microphone_lab.cpp
          ${CMAKE_CURRENT_LIST_DIR}/microphone_source_test.cpp
          ${CMAKE_CURRENT_LIST_DIR}/microphone_devices_test.cpp
  LIBS acoustream_audio)
acoustream_test(test_spsc_ring
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/spsc_ring_test.cpp
  LIBS acoustream_audio_types)
