# SPDX-License-Identifier: MIT
# Warnings for converge's own targets only; never added to the library's interface. They become
# errors with CONVERGE_WERROR, which the presets that scripts/test and CI use turn on: a user's
# build (any other preset, or a plain -DCMAKE_BUILD_TYPE=Release) never fails on a warning that
# a newer compiler invents.
option(CONVERGE_WERROR "Treat warnings in converge's own targets as errors" OFF)

add_library(converge_warnings INTERFACE)
target_compile_options(converge_warnings INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic>
    $<$<AND:$<BOOL:${CONVERGE_WERROR}>,$<CXX_COMPILER_ID:GNU,Clang,AppleClang>>:-Werror>)
