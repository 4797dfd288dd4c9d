#include "apertium_analyser.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <string_view>

#include <unicode/unistr.h>
#include <unicode/ustdio.h>

#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include "word_case.h"
#include <lttoolbox/fst_processor.h>
#include <lttoolbox/input_file.h>

namespace kb::analysis {
namespace {

struct FileCloser {
    void operator()(FILE* f) const noexcept { std::fclose(f); }
};

// Apertium's first tag is the part of speech: verbs, then adjectives, then nouns (the
// order measured best for Polish with tools/bench/conflation, and for Slovenian too).
int pos_rank(const std::string& tag) {
    if (tag.starts_with("vb") || tag == "vaux") {
        return 0;
    }
    if (tag == "adj") {
        return 1;
    }
    if (tag == "n" || tag == "np") {
        return 2;
    }
    return 3;
}

// Apertium's stream syntax: such a word is not a dictionary word anyway.
bool is_dictionary_word(const std::string& word) {
    return !word.empty() && word.find_first_of("^$/<>{}[]\\@*#+") == std::string::npos;
}

// The case-folded lemmas of the best-ranked part of speech in an analysis, each once.
std::vector<std::string> best_lemmas(const std::string& analysis) {
    const auto readings = parse_apertium_analysis(analysis);
    int best = std::numeric_limits<int>::max();
    for (const auto& [lemma, tag] : readings) {
        best = std::min(best, pos_rank(tag));
    }
    std::vector<std::string> out;
    for (const auto& [lemma, tag] : readings) {
        if (pos_rank(tag) != best || !util::is_valid_utf8(lemma)) {
            continue;
        }
        std::string folded = fold_case(lemma);
        if (std::find(out.begin(), out.end(), folded) == out.end()) {
            out.push_back(std::move(folded));
        }
    }
    return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_apertium_analysis(const std::string& s) {
    std::vector<std::pair<std::string, std::string>> out;
    const std::size_t open = s.find('^');
    const std::size_t close = s.rfind('$');
    if (open == std::string::npos || close == std::string::npos || close <= open) {
        return out;
    }
    const std::string body = s.substr(open + 1, close - open - 1);
    std::size_t start = body.find('/');  // the surface form comes first
    while (start != std::string::npos) {
        const std::size_t end = body.find('/', start + 1);
        const std::string reading =
            body.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
        start = end;
        if (reading.empty() || reading[0] == '*' || reading[0] == '#' || reading[0] == '@') {
            continue;  // unknown word or a generation mark
        }
        // "lemma<tag><tag>...", possibly "+lemma2<...>" joined or "lemma# part<...>".
        const std::size_t tag_start = reading.find('<');
        std::string lemma = reading.substr(0, tag_start);
        const std::size_t hash = lemma.find('#');
        if (hash != std::string::npos) {
            lemma.resize(hash);
        }
        std::string tag;
        if (tag_start != std::string::npos) {
            const std::size_t tag_end = reading.find('>', tag_start);
            if (tag_end != std::string::npos) {
                tag = reading.substr(tag_start + 1, tag_end - tag_start - 1);
            }
        }
        if (!lemma.empty()) {
            out.emplace_back(std::move(lemma), std::move(tag));
        }
    }
    return out;
}

std::shared_ptr<ApertiumAnalyser> ApertiumAnalyser::get(const std::filesystem::path& path) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<ApertiumAnalyser>> registry;
    std::lock_guard lock(registry_mutex);
    if (auto existing = registry[path.string()].lock()) {
        return existing;
    }
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return nullptr;
    }
    auto analyser = std::make_shared<ApertiumAnalyser>(path);
    registry[path.string()] = analyser;
    return analyser;
}

ApertiumAnalyser::ApertiumAnalyser(const std::filesystem::path& path)
    : path_(path), name_(path.filename().string()), automaton_(path) {}

ApertiumAnalyser::~ApertiumAnalyser() = default;

FSTProcessor& ApertiumAnalyser::processor() {
    if (processor_) {
        return *processor_;
    }
    auto processor = std::make_unique<FSTProcessor>();
    std::unique_ptr<FILE, FileCloser> file(std::fopen(path_.c_str(), "rb"));
    if (!file) {
        throw ConfigError(path_.string() + ": cannot open the Apertium analyser");
    }
    try {
        processor->load(file.get());
        processor->initBiltrans();
    } catch (const std::exception& e) {
        throw ConfigError(path_.string() + ": not an lttoolbox transducer: " + e.what());
    }
    if (!processor->valid()) {
        throw ConfigError(path_.string() + ": not a valid lttoolbox analyser");
    }
    processor_ = std::move(processor);
    return *processor_;
}

std::string ApertiumAnalyser::analyse(const std::string& word) {
    // biltrans mode runs the transducer over one lexical unit held in a string: 4 us a word,
    // where the stream-based analysis() costs 32 us with its memory streams.
    const icu::UnicodeString in = icu::UnicodeString::fromUTF8("^" + word + "$");
    const UString input(reinterpret_cast<const char16_t*>(in.getBuffer()),
                        static_cast<std::size_t>(in.length()));
    UString output;
    {
        std::lock_guard lock(processor_mutex_);
        // Not biltrans(): it also answers for a prefix of the word (agenti -> a<cnjcoo>).
        const auto [readings, unmatched] = processor().biltransWithQueue(input, true);
        if (unmatched != 0) {
            return "^" + word + "/*" + word + "$";
        }
        output = readings;
    }
    // "^reading/reading$", or "^@word$" when the word is unknown: give it the analysis
    // stream's shape, surface form first.
    if (output.size() < 2 || output[0] != u'^' || output[1] == u'@') {
        return "^" + word + "/*" + word + "$";
    }
    std::string readings;
    icu::UnicodeString(output.data(), static_cast<int32_t>(output.size())).toUTF8String(readings);
    return "^" + word + "/" + readings.substr(1);
}

std::string ApertiumAnalyser::analyse_fast(const std::string& word) const {
    const icu::UnicodeString in = icu::UnicodeString::fromUTF8(word);
    const std::optional<std::u16string> readings = automaton_.lookup(
        std::u16string_view(in.getBuffer(), static_cast<std::size_t>(in.length())));
    std::string out;
    out.reserve(2 * word.size() + 16);
    out.append("^").append(word).append("/");
    // As analyse(): a reading list starting with '@' is biltrans's unknown word.
    if (!readings || (!readings->empty() && readings->front() == u'@')) {
        return out.append("*").append(word).append("$");
    }
    // A read-only alias of the readings; toUTF8String appends.
    icu::UnicodeString(false, readings->data(), static_cast<int32_t>(readings->size()))
        .toUTF8String(out);
    return out.append("$");
}

std::vector<std::string> ApertiumAnalyser::lemmas(const std::string& word) {
    if (!is_dictionary_word(word)) {
        return {};
    }
    {
        // Bosnian, Croatian and Serbian share this analyser, and a quarter of the words one
        // of them looks up, another has asked for already.
        std::lock_guard lock(cache_mutex_);
        if (const auto it = cache_.find(word); it != cache_.end()) {
            return it->second;
        }
    }
    // lttoolbox matches an upper-case input letter against both cases of the dictionary's,
    // so one call with the word title-cased finds common words and proper nouns
    // (ljubljani -> Ljubljana) alike.
    std::vector<std::string> out = best_lemmas(analyse_fast(title_case(word)));
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= kMaxCachedWords) {
        cache_.clear();
    }
    cache_.emplace(word, out);
    return out;
}

std::vector<std::string> ApertiumAnalyser::reference_lemmas(const std::string& word) {
    if (!is_dictionary_word(word)) {
        return {};
    }
    return best_lemmas(analyse(title_case(word)));
}

}  // namespace kb::analysis
