#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "lemma_dictionary.h"

namespace kb::analysis {

// A Morfologik stemming dictionary (a CFSA2 finite-state automaton of
// "form;encoded-lemma;tag" sequences), read from the jar Debian ships, e.g.
// /usr/share/java/morfologik-polish.jar (libmorfologik-stemming2-java): PoliMorf, 4.6
// million Polish forms with their lemmas, where Hunspell's pl_PL is a spelling list.
// The automaton is immutable once loaded, so lookups need no lock.
// Thread safety: all methods may be called from any thread.
class MorfologikDictionary : public LemmaDictionary {
public:
    // The shared dictionary `entry` (e.g. "morfologik/stemming/polish/polish.dict") of the jar
    // at `jar`, or nullptr when the jar is missing. Loaded once per process.
    // Throws: ConfigError if the jar exists but the dictionary in it is unreadable.
    static std::shared_ptr<MorfologikDictionary> get(const std::filesystem::path& jar,
                                                     const std::string& entry);

    // `automaton` is the .dict file's bytes, `info` its .info file (separator, encoder).
    // Throws: ConfigError if either is not a supported Morfologik dictionary.
    MorfologikDictionary(std::string name, std::string automaton, const std::string& info);
    ~MorfologikDictionary() override;

    std::vector<std::string> lemmas(const std::string& word) override;
    const std::string& name() const override { return name_; }
    const std::string& automaton_for_tests() const { return bytes_; }

private:
    struct Entry {
        std::string lemma;  // case-folded
        std::string tag;
    };
    // Every analysis of `form` exactly as written.
    std::vector<Entry> lookup(const std::string& form) const;
    std::string decode(const std::string& form, const std::string& code) const;

    // The automaton, arcs addressed by their offset after the header.
    std::uint8_t at(std::uint32_t offset) const;
    std::uint32_t read_vint(std::uint32_t offset) const;
    std::uint32_t skip_arc(std::uint32_t arc) const;
    std::uint8_t label(std::uint32_t arc) const;
    bool last(std::uint32_t arc) const;
    bool final(std::uint32_t arc) const;
    std::uint32_t target(std::uint32_t arc) const;  // 0: the arc ends the automaton
    std::uint32_t find_arc(std::uint32_t node, std::uint8_t byte) const;  // 0: none

    std::string name_;
    std::string bytes_;     // the whole .dict file
    std::size_t arcs_ = 0;  // offset of the arcs in bytes_
    std::uint8_t labels_[32] = {};
    std::uint32_t root_ = 0;
    char separator_ = '+';
    enum class Encoder { Suffix, Prefix, Infix } encoder_ = Encoder::Suffix;
};

}  // namespace kb::analysis
