#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "apertium_automaton.h"
#include "lemma_dictionary.h"

class FSTProcessor;

namespace kb::analysis {

// An Apertium morphological analyser (a compiled lttoolbox transducer, `*.automorf.bin`),
// e.g. Debian's apertium-hbs-slv, whose slv-hbs.automorf.bin analyses Slovenian and
// hbs-slv.automorf.bin Bosnian/Croatian/Serbian (Latin): real lemmas with part-of-speech
// tags, suppletion included (ljudje -> človek), where Hunspell's sl_SI is a spelling list.
// Loaded once per process. lemmas() walks an ApertiumAutomaton, an immutable copy of the
// transducer (no lock, 0.5-1 us a word, 6-12x faster than lttoolbox); analyse() is the
// reference implementation with lttoolbox's own FSTProcessor, loaded on its first call and
// serialised by a mutex, and analyse_fast() gives exactly what it gives (tested).
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
    // Morfologik), case-folded; empty if the analyser does not know the word. Cached.
    std::vector<std::string> lemmas(const std::string& word) override;
    const std::string& name() const override { return name_; }

    // lemmas() computed from analyse(), uncached: the reference for tests.
    std::vector<std::string> reference_lemmas(const std::string& word);

    // Apertium's raw analysis of one word ("^leta/leto<n><nt><sg><gen>/...$"), by lttoolbox's
    // FSTProcessor::biltransWithQueue: the reference implementation, slow (3-40 us a word).
    // Throws: ConfigError if lttoolbox cannot load the file.
    std::string analyse(const std::string& word);

    // The same analysis by walking the automaton (lemmas() uses it), for a word without
    // Apertium's stream syntax ("^$/<>{}[]\\@*").
    std::string analyse_fast(const std::string& word) const;

private:
    FSTProcessor& processor();  // requires processor_mutex_ held

    std::filesystem::path path_;
    std::string name_;
    static constexpr std::size_t kMaxCachedWords = 500'000;

    ApertiumAutomaton automaton_;
    std::unique_ptr<FSTProcessor> processor_;  // loaded by the first analyse()
    std::mutex processor_mutex_;               // guards processor_
    std::unordered_map<std::string, std::vector<std::string>> cache_;  // word -> lemmas()
    std::mutex cache_mutex_;                                           // guards cache_
};

// Parses one Apertium analysis into (lemma, first tag) pairs; unknown words ("*word") give
// none. Exposed for tests.
std::vector<std::pair<std::string, std::string>> parse_apertium_analysis(const std::string& s);

}  // namespace kb::analysis
