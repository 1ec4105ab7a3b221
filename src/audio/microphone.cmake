# The microphone source: PortAudio capture plus ALSA/JACK message routing.
# Included at the end of src/audio/CMakeLists.txt.
pkg_check_modules(ALSA REQUIRED IMPORTED_TARGET GLOBAL alsa)
# Debian's PortAudio links JACK; its messages are routed when the headers exist.
pkg_check_modules(JACK QUIET IMPORTED_TARGET GLOBAL jack)

target_sources(acoustream_audio PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/device_list.cpp
    ${CMAKE_CURRENT_LIST_DIR}/microphone_source.cpp
    ${CMAKE_CURRENT_LIST_DIR}/portaudio_session.cpp
)
# No header includes portaudio.h, so PortAudio stays private.
target_link_libraries(acoustream_audio PRIVATE PkgConfig::PORTAUDIO PkgConfig::ALSA acoustream_text)
if(JACK_FOUND)
  target_link_libraries(acoustream_audio PRIVATE PkgConfig::JACK)
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/portaudio_session.cpp
                              PROPERTIES COMPILE_DEFINITIONS ACOUSTREAM_HAVE_JACK=1)
endif()
