#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "lemma_dictionary.h"

class FSTProcessor;

namespace kb::analysis {

// An Apertium morphological analyser (a compiled lttoolbox transducer, `*.automorf.bin`),
// e.g. Debian's apertium-hbs-slv, whose slv-hbs.automorf.bin analyses Slovenian and
// hbs-slv.automorf.bin Bosnian/Croatian/Serbian (Latin): real lemmas with part-of-speech
// tags, suppletion included (ljudje -> človek), where Hunspell's sl_SI is a spelling list.
// Loaded once per process; lttoolbox's processor is not documented as thread-safe, so
// calls are serialised by a mutex (callers keep a per-thread word cache in front of it).
// Thread safety: all methods may be called from any thread.
class ApertiumAnalyser : public LemmaDictionary {
public:
    // The shared analyser at `path`, or nullptr when the file is missing.
    // Throws: ConfigError if the file exists but is not an lttoolbox transducer.
    static std::shared_ptr<ApertiumAnalyser> get(const std::filesystem::path& path);

    explicit ApertiumAnalyser(const std::filesystem::path& path);
    ~ApertiumAnalyser() override;
    ApertiumAnalyser(const ApertiumAnalyser&) = delete;
    ApertiumAnalyser& operator=(const ApertiumAnalyser&) = delete;

    // The lemmas of the most likely part of speech (verb, then adjective, then noun, as for
    // Morfologik), case-folded; empty if the analyser does not know the word.
    std::vector<std::string> lemmas(const std::string& word) override;
    const std::string& name() const override { return name_; }

    // Apertium's raw analysis of one word ("^leta/leto<n><nt><sg><gen>/...$").
    std::string analyse(const std::string& word);

private:
    std::string name_;
    static constexpr std::size_t kMaxCachedWords = 500'000;

    std::unique_ptr<FSTProcessor> processor_;
    std::unordered_map<std::string, std::vector<std::string>> cache_;  // word -> lemmas()
    std::mutex mutex_;  // guards processor_ and cache_
};

// Parses one Apertium analysis into (lemma, first tag) pairs; unknown words ("*word") give
// none. Exposed for tests.
std::vector<std::pair<std::string, std::string>> parse_apertium_analysis(const std::string& s);

}  // namespace kb::analysis
