# SPDX-License-Identifier: MIT
# Warnings as errors for converge's own targets only; never added to the library's interface.
add_library(converge_warnings INTERFACE)
target_compile_options(converge_warnings INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Werror>)
