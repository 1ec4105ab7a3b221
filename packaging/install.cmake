# `cmake --install`: the FHS layout of an installed server. The binary finds
# its assets at ../share/acoustream beside it (src/app/startup_checks.cpp), so
# nothing is read from the source checkout. Included from CMakeLists.txt.
include(GNUInstallDirs)

install(TARGETS acoustream RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/acoustream/web)
# Only the three front-end files the server serves, from npm ci's node_modules.
foreach(file uplot/dist/uPlot.iife.min.js uplot/dist/uPlot.min.css rapidoc/dist/rapidoc-min.js)
  get_filename_component(dir ${file} DIRECTORY)
  install(FILES ${PROJECT_SOURCE_DIR}/node_modules/${file}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/acoustream/vendor/${dir})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/packaging/config.yaml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/acoustream RENAME config.example.yaml)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/acoustream.service
        DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/api.md
              ${PROJECT_SOURCE_DIR}/docs/configuration.md ${PROJECT_SOURCE_DIR}/docs/deploy.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
