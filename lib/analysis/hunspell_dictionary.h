#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lemma_dictionary.h"

class Hunspell;

namespace kb::analysis {

// One Hunspell dictionary, loaded once per process and shared by all threads (a dictionary
// costs 3-35 MB and up to 0.35 s to load; Hunspell is not thread-safe, so calls are
// serialised by a mutex; callers keep a per-thread word cache in front of it).
// Converts between UTF-8 and the dictionary's encoding (pl_PL, sl_SI and bs_BA are
// ISO-8859-2 and silently find nothing when fed UTF-8).
// Thread safety: all methods may be called from any thread.
class HunspellDictionary : public LemmaDictionary {
public:
    // The shared dictionary `name` (e.g. "pl_PL") from `directory`, or nullptr when its .aff
    // or .dic file is missing.
    static std::shared_ptr<HunspellDictionary> get(const std::filesystem::path& directory,
                                                   const std::string& name);

    HunspellDictionary(const std::filesystem::path& aff, const std::filesystem::path& dic);
    ~HunspellDictionary() override;
    HunspellDictionary(const HunspellDictionary&) = delete;
    HunspellDictionary& operator=(const HunspellDictionary&) = delete;

    // Hunspell's stems of a case-folded UTF-8 word, case-folded; empty if the dictionary
    // does not know the word or it cannot be encoded.
    std::vector<std::string> lemmas(const std::string& word) override;

    const std::string& name() const override { return name_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string name_;
};

}  // namespace kb::analysis
