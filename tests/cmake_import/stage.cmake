# cmake -DBUILD_DIR=... -DPREFIX=... [-DCONFIG=...] [-DEXPECT=a;b] -P stage.cmake
# Installs the build tree into a fresh PREFIX (what `cmake --install` does for a user) and checks
# that the files EXPECT lists (relative to PREFIX) are there.
file(REMOVE_RECURSE "${PREFIX}")
set(_config)
if(CONFIG)
    set(_config --config "${CONFIG}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${_config}
                RESULT_VARIABLE _result)
if(NOT _result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${_result})")
endif()
foreach(_file IN LISTS EXPECT)
    if(NOT EXISTS "${PREFIX}/${_file}")
        message(FATAL_ERROR "the install has no ${_file}")
    endif()
endforeach()
message(STATUS "staged the install in ${PREFIX}")
