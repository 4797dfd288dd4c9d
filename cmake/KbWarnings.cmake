add_library(kb_warnings INTERFACE)
target_compile_options(kb_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
    -Wimplicit-fallthrough $<$<BOOL:${KB_WERROR}>:-Werror>)
if(KB_SANITIZE)
    target_compile_options(kb_warnings INTERFACE -fsanitize=${KB_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(kb_warnings INTERFACE -fsanitize=${KB_SANITIZE})
endif()

# kb_add_module(NAME SOURCES ... DEPS ...): one static library per module, aliased kb::NAME.
function(kb_add_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
    add_library(kb_${name} STATIC ${ARG_SOURCES})
    add_library(kb::${name} ALIAS kb_${name})
    target_include_directories(kb_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include)
    target_link_libraries(kb_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE kb_warnings ${ARG_PRIVATE_DEPS})
endfunction()
