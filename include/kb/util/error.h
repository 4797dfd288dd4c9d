#pragma once

#include <stdexcept>
#include <string>

namespace kb {

// Base of every exception the kb library throws. Executables translate these at
// their edges: exit codes in kb-indexer, HTTP status plus a JSON error in kb-searchd.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad input: a document that cannot be read, or a request parameter that is invalid.
// source() names the file path or the parameter.
class InputError : public Error {
public:
    InputError(std::string source, const std::string& message)
        : Error(source.empty() ? message : source + ": " + message),
          source_(std::move(source)),
          reason_(message) {}
    const std::string& source() const noexcept { return source_; }
    // The message without the source prefix.
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string source_;
    std::string reason_;
};

// A configuration value or data file (taxonomy, dictionary) is invalid.
class ConfigError : public Error {
public:
    using Error::Error;
};

// The index cannot be created, opened or written. Wraps Xapian::Error with context.
class IndexError : public Error {
public:
    enum class Kind { Create, Open, Write, Locked };
    IndexError(Kind kind, const std::string& message) : Error(message), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

private:
    Kind kind_;
};

// A bug or a failure of a library that should not fail (ICU status, for example).
class InternalError : public Error {
public:
    using Error::Error;
};

}  // namespace kb
