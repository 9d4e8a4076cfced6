# Compiler settings shared by every sahelsim target, as an interface target to link.
add_library(sahelsim_warnings INTERFACE)
target_compile_options(sahelsim_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor -Wpedantic
  $<$<BOOL:${SAHELSIM_WERROR}>:-Werror>)

# GCC's -Wmaybe-uninitialized reports false positives in std::variant and std::string code
# once sanitizers instrument it; sanitizer builds check memory at run time instead.
if(NOT SAHELSIM_SANITIZE STREQUAL "" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(sahelsim_warnings INTERFACE -Wno-maybe-uninitialized)
endif()

if(SAHELSIM_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(SAHELSIM_SANITIZE STREQUAL "thread")
  # Parallel loops on std::threads, which TSan understands (engine/core/parallel.hpp).
  add_compile_definitions(SAHELSIM_TSAN_EXECUTOR)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT SAHELSIM_SANITIZE STREQUAL "")
  message(FATAL_ERROR "SAHELSIM_SANITIZE must be address, thread or empty")
endif()

# Fuzzing (fuzz/): every library instrumented for libFuzzer's coverage feedback, with ASan
# and UBSan; the targets themselves link libFuzzer (fuzz/CMakeLists.txt).
if(SAHELSIM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SAHELSIM_FUZZ needs clang (libFuzzer): cmake --preset fuzz")
  endif()
  if(SAHELSIM_SANITIZE STREQUAL "thread")
    message(FATAL_ERROR "SAHELSIM_FUZZ builds with ASan+UBSan; leave SAHELSIM_SANITIZE empty")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
