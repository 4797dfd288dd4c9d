# Every dependency comes from a Debian 12 package (see tools/deps.sh for the names).
find_package(PkgConfig REQUIRED)

# Xapian's CMake config sets variables only; pkg-config gives an imported target.
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core>=1.4)
add_library(Xapian::xapian ALIAS PkgConfig::XAPIAN)

find_package(ICU 72 REQUIRED COMPONENTS uc i18n data)
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation Util Net JSON)
find_package(pugixml REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)

pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(UCHARDET REQUIRED IMPORTED_TARGET uchardet)
pkg_check_modules(POPPLER REQUIRED IMPORTED_TARGET poppler-cpp)  # PDF text and metadata

pkg_check_modules(HUNSPELL REQUIRED IMPORTED_TARGET hunspell)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)  # Morfologik dictionaries are jars
# Apertium analysers; lttoolbox's headers include libxml2's, which its .pc file omits.
pkg_check_modules(LTTOOLBOX REQUIRED IMPORTED_TARGET lttoolbox libxml-2.0)

# libstemmer (Snowball, for Serbian) ships no pkg-config file.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(Stemmer::stemmer UNKNOWN IMPORTED)
set_target_properties(Stemmer::stemmer PROPERTIES
    IMPORTED_LOCATION ${STEMMER_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${STEMMER_INCLUDE_DIR})

# CLD2 ships neither pkg-config nor a CMake config.
find_path(CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h REQUIRED)
find_library(CLD2_LIBRARY cld2 REQUIRED)
add_library(CLD2::cld2 UNKNOWN IMPORTED)
set_target_properties(CLD2::cld2 PROPERTIES
    IMPORTED_LOCATION ${CLD2_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${CLD2_INCLUDE_DIR})

if(KB_BUILD_TESTS)
    find_package(GTest REQUIRED)
    include(GoogleTest)
endif()

# kb-indexer's malloc. Analysis allocates and frees millions of small strings (tokens,
# forms, terms) on several threads; glibc's malloc spent a tenth of the indexer's time in
# malloc_consolidate and its arenas (perf). jemalloc (Debian libjemalloc-dev), a
# well-kept allocator built for that, indexes the same files in about 25% less time and
# 13% less memory (tools/bench/index). Not under the sanitizers, which bring their own.
set(KB_ALLOCATOR "jemalloc" CACHE STRING "kb-indexer's malloc: jemalloc or system")
if(KB_FUZZ OR KB_SANITIZE)
    set(KB_ALLOCATOR "system")
endif()
if(KB_ALLOCATOR STREQUAL "jemalloc")
    pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
    add_library(kb_allocator INTERFACE)
    target_link_libraries(kb_allocator INTERFACE PkgConfig::JEMALLOC)
elseif(KB_ALLOCATOR STREQUAL "system")
    add_library(kb_allocator INTERFACE)
else()
    message(FATAL_ERROR "KB_ALLOCATOR must be jemalloc or system, not ${KB_ALLOCATOR}")
endif()
