#include "morfologik_dictionary.h"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>

#include <unicode/unistr.h>

#include "kb/util/error.h"
#include "kb/util/utf8.h"

#include "word_case.h"
#include <zip.h>

namespace kb::analysis {
namespace {

// CFSA2, Morfologik's compact automaton (morfologik.fsa.CFSA2): after a header of magic,
// version, flags and a table of the 31 most frequent labels, each arc is a flag byte (bit 7
// "target is the next node", bit 6 "last arc of its node", bit 5 "final", bits 0-4 an index
// into the label table, 0 = the label follows), the label when not indexed, and the target
// node as a variable-length integer unless bit 7 is set.
constexpr std::uint8_t kVersionCfsa2 = 0xc6;
constexpr unsigned kTargetNext = 1U << 7;
constexpr unsigned kLastArc = 1U << 6;
constexpr unsigned kLabelIndexMask = (1U << 5) - 1;
constexpr std::uint16_t kFlagNumbers = 1U << 8;
constexpr unsigned kRemoveEverything = 255;
constexpr unsigned kFinalArc = 1U << 5;
// A word has a handful of analyses; these bound the walk over a malformed automaton.
constexpr std::size_t kMaxEntries = 256;
constexpr std::size_t kMaxVisits = 100000;
constexpr std::size_t kMaxDepth = 512;

// When a form has lemmas of several parts of speech (PoliMorf tags: "verb:fin:...",
// "adj:...", "subst:..."), which to keep, smaller first: verbs (their paradigms are the
// largest, and gerunds and participles belong to them: ma -> mieć, not mój), then
// adjectives (nowa -> nowy, not the noun nowa), then nouns. Measured with
// tools/bench/conflation on pl: this order gave recall 0.88 / precision 0.93, against
// 0.85 / 0.93 for verb-noun-adj, 0.80 / 0.93 for adj-verb-noun, 0.77 / 0.95 for
// noun-verb-adj, and 0.78 / 0.94 without ranking.
int pos_rank(std::string_view tag) {
    const std::string_view pos = tag.substr(0, tag.find_first_of(":+"));
    static constexpr std::string_view kVerb[] = {"verb", "fin",    "praet",  "inf",  "impt",
                                                 "imps", "pact",   "ppas",   "pant", "pcon",
                                                 "ger",  "bedzie", "winien", "pred"};
    static constexpr std::string_view kAdj[] = {"adj", "adja", "adjp", "adjc"};
    static constexpr std::string_view kNoun[] = {"subst", "depr"};
    const auto in = [&](const auto& list) {
        return std::find(std::begin(list), std::end(list), pos) != std::end(list);
    };
    if (in(kVerb)) {
        return 0;
    }
    if (in(kAdj)) {
        return 1;
    }
    if (in(kNoun)) {
        return 2;
    }
    return 3;
}

struct ZipCloser {
    void operator()(zip_t* z) const noexcept { zip_close(z); }
};
struct ZipFileCloser {
    void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};

std::string read_entry(zip_t* zip, const std::string& jar, const std::string& entry) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(zip, entry.c_str(), 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
        throw ConfigError(jar + ": no entry " + entry);
    }
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen(zip, entry.c_str(), 0));
    if (!file) {
        throw ConfigError(jar + ": cannot open entry " + entry);
    }
    std::string bytes(stat.size, '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const zip_int64_t n = zip_fread(file.get(), bytes.data() + done, bytes.size() - done);
        if (n <= 0) {
            throw ConfigError(jar + ": cannot read entry " + entry);
        }
        done += static_cast<std::size_t>(n);
    }
    return bytes;
}

std::string info_value(const std::string& info, const std::string& key) {
    std::istringstream in(info);
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(key + "=")) {
            std::string value = line.substr(key.size() + 1);
            while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) {
                value.pop_back();
            }
            return value;
        }
    }
    return {};
}

}  // namespace

std::shared_ptr<MorfologikDictionary> MorfologikDictionary::get(const std::filesystem::path& jar,
                                                                const std::string& entry) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<MorfologikDictionary>> registry;
    const std::string key = jar.string() + "!" + entry;
    std::lock_guard lock(registry_mutex);
    if (auto existing = registry[key].lock()) {
        return existing;
    }
    std::error_code ec;
    if (!std::filesystem::exists(jar, ec)) {
        return nullptr;
    }
    int error = 0;
    std::unique_ptr<zip_t, ZipCloser> zip(zip_open(jar.c_str(), ZIP_RDONLY, &error));
    if (!zip) {
        throw ConfigError(jar.string() + ": not a readable jar (libzip error " +
                          std::to_string(error) + ")");
    }
    std::string automaton = read_entry(zip.get(), jar.string(), entry);
    const std::string info_entry = entry.substr(0, entry.rfind('.')) + ".info";
    const std::string info = read_entry(zip.get(), jar.string(), info_entry);
    auto dictionary = std::make_shared<MorfologikDictionary>(
        std::filesystem::path(entry).stem().string(), std::move(automaton), info);
    registry[key] = dictionary;
    return dictionary;
}

MorfologikDictionary::MorfologikDictionary(std::string name,
                                           std::string automaton,
                                           const std::string& info)
    : name_(std::move(name)), bytes_(std::move(automaton)) {
    const auto fail = [&](const std::string& why) {
        return ConfigError("Morfologik dictionary " + name_ + ": " + why);
    };
    const std::string encoding = info_value(info, "fsa.dict.encoding");
    if (!encoding.empty() && encoding != "UTF-8" && encoding != "utf-8") {
        throw fail("encoding " + encoding + " is not supported (only UTF-8)");
    }
    const std::string separator = info_value(info, "fsa.dict.separator");
    if (separator.size() == 1) {
        separator_ = separator[0];
    }
    const std::string encoder = info_value(info, "fsa.dict.encoder");
    if (encoder == "PREFIX") {
        encoder_ = Encoder::Prefix;
    } else if (encoder == "INFIX") {
        encoder_ = Encoder::Infix;
    } else if (encoder.empty() || encoder == "SUFFIX") {
        encoder_ = Encoder::Suffix;
    } else {
        throw fail("encoder " + encoder + " is not supported");
    }
    // Header: "\fsa", version, flags (big-endian short), label count, labels.
    if (bytes_.size() < 8 || bytes_.compare(0, 4, "\\fsa") != 0) {
        throw fail("not a Morfologik automaton");
    }
    if (static_cast<std::uint8_t>(bytes_[4]) != kVersionCfsa2) {
        throw fail("automaton version " + std::to_string(static_cast<std::uint8_t>(bytes_[4])) +
                   " is not CFSA2");
    }
    const auto flags = static_cast<std::uint16_t>((static_cast<std::uint8_t>(bytes_[5]) << 8) |
                                                  static_cast<std::uint8_t>(bytes_[6]));
    if ((flags & kFlagNumbers) != 0) {
        throw fail("automata with NUMBERS are not supported");
    }
    const std::size_t label_count = static_cast<std::uint8_t>(bytes_[7]);
    if (label_count > sizeof labels_ || bytes_.size() < 8 + label_count + 4) {
        throw fail("bad label table");
    }
    for (std::size_t i = 0; i < label_count; ++i) {
        labels_[i] = static_cast<std::uint8_t>(bytes_[8 + i]);
    }
    arcs_ = 8 + label_count;
    root_ = 0;
    root_ = target(0);  // arc 0 is a dummy pointing at the root
    if (root_ == 0 || root_ >= bytes_.size() - arcs_) {
        throw fail("bad root node");
    }
}

MorfologikDictionary::~MorfologikDictionary() = default;

std::uint8_t MorfologikDictionary::at(std::uint32_t offset) const {
    const std::size_t i = arcs_ + offset;
    if (i >= bytes_.size()) {
        throw InternalError("Morfologik dictionary " + name_ + ": arc out of range");
    }
    return static_cast<std::uint8_t>(bytes_[i]);
}

std::uint32_t MorfologikDictionary::read_vint(std::uint32_t offset) const {
    std::uint8_t b = at(offset);
    std::uint32_t value = b & 0x7fU;
    for (unsigned shift = 7; (b & 0x80U) != 0 && shift < 32; shift += 7) {
        b = at(++offset);
        value |= static_cast<std::uint32_t>(b & 0x7fU) << shift;
    }
    return value;
}

std::uint32_t MorfologikDictionary::skip_arc(std::uint32_t arc) const {
    const std::uint8_t flag = at(arc++);
    if ((flag & kLabelIndexMask) == 0) {
        ++arc;  // explicit label
    }
    if ((flag & kTargetNext) == 0) {
        while ((at(arc++) & 0x80U) != 0) {
        }
    }
    return arc;
}

std::uint8_t MorfologikDictionary::label(std::uint32_t arc) const {
    const unsigned index = at(arc) & kLabelIndexMask;
    return index > 0 ? labels_[index] : at(arc + 1);
}

bool MorfologikDictionary::last(std::uint32_t arc) const {
    return (at(arc) & kLastArc) != 0;
}

bool MorfologikDictionary::final(std::uint32_t arc) const {
    return (at(arc) & kFinalArc) != 0;
}

std::uint32_t MorfologikDictionary::target(std::uint32_t arc) const {
    if ((at(arc) & kTargetNext) != 0) {
        while (!last(arc)) {
            arc = skip_arc(arc);
        }
        return skip_arc(arc);
    }
    return read_vint(arc + ((at(arc) & kLabelIndexMask) == 0 ? 2 : 1));
}

std::uint32_t MorfologikDictionary::find_arc(std::uint32_t node, std::uint8_t byte) const {
    for (std::uint32_t arc = node;; arc = skip_arc(arc)) {
        if (label(arc) == byte) {
            return arc;
        }
        if (last(arc)) {
            return 0;
        }
    }
}

std::string MorfologikDictionary::decode(const std::string& form, const std::string& code) const {
    const auto trim = [](char c) {
        return static_cast<unsigned>(static_cast<std::uint8_t>(c - 'A'));
    };
    std::size_t n = form.size();
    switch (encoder_) {
        case Encoder::Suffix: {
            if (code.empty()) {
                return {};
            }
            std::size_t cut = trim(code[0]);
            cut = cut == kRemoveEverything ? n : std::min(cut, n);
            return form.substr(0, n - cut) + code.substr(1);
        }
        case Encoder::Prefix: {
            if (code.size() < 2) {
                return {};
            }
            std::size_t head = trim(code[0]);
            std::size_t tail = trim(code[1]);
            if (head == kRemoveEverything || tail == kRemoveEverything) {
                head = n;
                tail = 0;
            }
            if (head + tail > n) {
                return {};
            }
            return form.substr(head, n - head - tail) + code.substr(2);
        }
        case Encoder::Infix: {
            if (code.size() < 3) {
                return {};
            }
            std::size_t at_ = trim(code[0]);
            std::size_t len = trim(code[1]);
            std::size_t tail = trim(code[2]);
            if (at_ == kRemoveEverything || len == kRemoveEverything || tail == kRemoveEverything) {
                at_ = 0;
                len = n;
                tail = 0;
            }
            if (at_ + len + tail > n) {
                return {};
            }
            return form.substr(0, at_) + form.substr(at_ + len, n - at_ - len - tail) +
                   code.substr(3);
        }
    }
    return {};
}

std::vector<MorfologikDictionary::Entry> MorfologikDictionary::lookup(
    const std::string& form) const {
    std::vector<Entry> out;
    std::uint32_t node = root_;
    const std::string key = form + separator_;
    for (const char c : key) {
        const std::uint32_t arc = find_arc(node, static_cast<std::uint8_t>(c));
        if (arc == 0) {
            return out;
        }
        node = target(arc);
        if (node == 0) {
            return out;  // the automaton ends here: no lemma follows
        }
    }
    // Every path from here is "encoded lemma;tag": the lemma ends at the next separator,
    // the tag at a final arc.
    struct Frame {
        std::uint32_t arc;
        std::size_t depth;
        bool in_tag;
    };
    std::vector<Frame> stack{{node, 0, false}};
    std::string path;
    std::size_t lemma_end = 0;
    std::size_t visited = 0;
    while (!stack.empty() && out.size() < kMaxEntries && ++visited < kMaxVisits) {
        const Frame frame = stack.back();
        stack.pop_back();
        if (!last(frame.arc)) {
            stack.push_back({skip_arc(frame.arc), frame.depth, frame.in_tag});
        }
        path.resize(frame.depth);
        const auto byte = static_cast<char>(label(frame.arc));
        bool in_tag = frame.in_tag;
        if (!in_tag && byte == separator_) {
            in_tag = true;
            lemma_end = frame.depth;
        } else if (in_tag && final(frame.arc)) {
            std::string lemma = decode(form, path.substr(0, lemma_end));
            if (!lemma.empty() && util::is_valid_utf8(lemma)) {
                out.push_back({fold_case(lemma), path.substr(lemma_end + 1) + byte});
            }
        }
        path += byte;
        const std::uint32_t next = target(frame.arc);
        if (next != 0 && frame.depth < kMaxDepth) {
            stack.push_back({next, frame.depth + 1, in_tag});
        }
    }
    return out;
}

std::vector<std::string> MorfologikDictionary::lemmas(const std::string& word) {
    if (word.empty()) {
        return {};
    }
    std::vector<Entry> found = lookup(word);
    if (found.empty()) {
        found = lookup(title_case(word));  // proper nouns: Warszawa, Polska
    }
    // Only the lemmas of the most likely part of speech (see pos_rank).
    int best = std::numeric_limits<int>::max();
    for (const Entry& e : found) {
        best = std::min(best, pos_rank(e.tag));
    }
    std::vector<std::string> out;
    for (const Entry& e : found) {
        if (pos_rank(e.tag) == best && std::find(out.begin(), out.end(), e.lemma) == out.end()) {
            out.push_back(e.lemma);
        }
    }
    return out;
}

}  // namespace kb::analysis
