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
