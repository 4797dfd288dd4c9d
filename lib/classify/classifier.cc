#include "kb/classify/classifier.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

namespace kb::classify {

namespace {

// Topic and type triggers of one group match each other's documents: Bosnian, Croatian
// and Serbian share most of their vocabulary and are analysed alike.
std::string language_group(std::string_view lang) {
    std::string primary(lang.substr(0, lang.find_first_of("-_")));
    std::transform(primary.begin(), primary.end(), primary.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    if (primary == "hr" || primary == "bs" || primary == "sr" || primary == "sh" ||
        primary == "cnr") {
        return "bcms";
    }
    return primary;
}

// Bytes of the UTF-8 sequence that starts `s`.
std::size_t first_char_bytes(std::string_view s) {
    if (s.empty()) {
        return 0;
    }
    const auto lead = static_cast<unsigned char>(s[0]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    return std::min(n, s.size());
}

// True if the word starts with a character that case folding changes (a capital).
bool capitalised(std::string_view text, std::string_view norm) {
    const std::size_t n = first_char_bytes(text);
    return n > 0 && text.substr(0, n) != norm.substr(0, first_char_bytes(norm));
}

const std::string& stem_or_folded(const analysis::Token& token) {
    return token.stem.empty() ? token.folded : token.stem;
}

}  // namespace

Classifier::Classifier(std::shared_ptr<const Taxonomy> taxonomy,
                       analysis::Analyzer& analyzer,
                       ClassifierOptions options)
    : taxonomy_(std::move(taxonomy)), analyzer_(analyzer), options_(options) {
    const auto add_concepts = [this](const std::vector<Concept>& concepts, TaxonomyKind kind) {
        for (std::size_t i = 0; i < concepts.size(); ++i) {
            for (const auto& [lang, phrases] : concepts[i].triggers) {
                for (const std::string& phrase : phrases) {
                    add_phrase(kind, i, phrase, lang, false);
                }
            }
        }
    };
    add_concepts(taxonomy_->topics(), TaxonomyKind::Topic);
    add_concepts(taxonomy_->types(), TaxonomyKind::Type);
    const std::vector<Region>& regions = taxonomy_->regions();
    for (std::size_t i = 0; i < regions.size(); ++i) {
        for (const Phrase& alias : regions[i].aliases) {
            if (alias.match) {
                add_phrase(TaxonomyKind::Region, i, alias.text, alias.lang,
                           alias.official || alias.lang.empty());
            }
        }
    }
}

void Classifier::add_phrase(TaxonomyKind kind,
                            std::size_t entry,
                            const std::string& text,
                            const std::string& lang,
                            bool any_language) {
    const bool region = kind == TaxonomyKind::Region;
    const std::vector<analysis::Token> tokens =
        analyzer_.analyze(text, lang.empty() ? std::string_view("und") : std::string_view(lang));
    if (tokens.empty()) {
        return;
    }
    Pattern folded;
    folded.kind = kind;
    folded.entry = entry;
    folded.group = any_language ? std::string() : language_group(lang);
    folded.need_capital =
        region && tokens.size() == 1 && capitalised(tokens[0].text, tokens[0].norm);
    folded.exact = true;
    Pattern stemmed = folded;
    stemmed.exact = false;
    for (const analysis::Token& token : tokens) {
        folded.keys.push_back(token.folded);
        stemmed.keys.push_back(stem_or_folded(token));
    }
    // Short names ("Bar", "Ulm") would match too many stems of other words; names without a
    // language are proper nouns written the same everywhere.
    const bool exact_only =
        region && (lang.empty() || (tokens.size() == 1 && tokens[0].folded.size() <= 3));
    if (!exact_only) {
        add_pattern(std::move(stemmed));
    }
    add_pattern(std::move(folded));
}

void Classifier::add_pattern(Pattern pattern) {
    by_first_key_[pattern.keys.front()].push_back(patterns_.size());
    patterns_.push_back(std::move(pattern));
}

Classification Classifier::classify(std::string_view text,
                                    std::string_view title,
                                    std::string_view lang) {
    const std::string group = language_group(lang);
    std::map<std::size_t, double> topic_scores;
    std::map<std::size_t, std::size_t> region_mentions;
    std::map<std::size_t, double> type_scores;
    std::size_t words = 0;

    const auto scan = [&](const std::vector<analysis::Token>& tokens, double weight) {
        words += tokens.size();
        std::vector<std::size_t> candidates;
        std::set<std::pair<TaxonomyKind, std::size_t>> found;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            candidates.clear();
            for (const std::string* key : {&tokens[i].stem, &tokens[i].folded}) {
                if (const auto it = by_first_key_.find(*key); it != by_first_key_.end()) {
                    candidates.insert(candidates.end(), it->second.begin(), it->second.end());
                }
            }
            found.clear();
            for (const std::size_t index : candidates) {
                const Pattern& p = patterns_[index];
                if (!p.group.empty() && p.group != group && p.group != "en") {
                    continue;
                }
                if (i + p.keys.size() > tokens.size()) {
                    continue;
                }
                if (p.need_capital && !capitalised(tokens[i].text, tokens[i].norm)) {
                    continue;
                }
                bool match = true;
                for (std::size_t j = 0; j < p.keys.size() && match; ++j) {
                    const analysis::Token& t = tokens[i + j];
                    match = t.folded == p.keys[j] || (!p.exact && t.stem == p.keys[j]);
                }
                if (match) {
                    found.emplace(p.kind, p.entry);
                }
            }
            // One count per thing per word, however many of its phrases start there.
            for (const auto& [kind, entry] : found) {
                if (kind == TaxonomyKind::Topic) {
                    topic_scores[entry] += weight;
                } else if (kind == TaxonomyKind::Type) {
                    type_scores[entry] += weight;
                } else {
                    ++region_mentions[entry];
                }
            }
        }
    };
    scan(analyzer_.analyze(title, lang), options_.title_weight);
    scan(analyzer_.analyze(text, lang), 1.0);

    Classification out;
    const double thousands = static_cast<double>(std::max<std::size_t>(words, 1)) / 1000.0;
    for (const auto& [entry, score] : topic_scores) {
        if (score >= options_.min_topic_score &&
            score / thousands >= options_.min_topic_per_1000_words) {
            out.topics.push_back({taxonomy_->topics()[entry].id, score});
        }
    }
    std::stable_sort(out.topics.begin(), out.topics.end(),
                     [](const TopicScore& a, const TopicScore& b) { return a.score > b.score; });
    if (!out.topics.empty()) {
        const double floor = out.topics.front().score * options_.min_share_of_best;
        std::erase_if(out.topics, [&](const TopicScore& t) { return t.score < floor; });
    }
    if (out.topics.size() > options_.max_topics) {
        out.topics.resize(options_.max_topics);
    }

    // Keep the most specific regions: drop any region that contains another one found.
    std::vector<RegionMatch> matches;
    std::set<std::string> contained;
    for (const auto& [entry, mentions] : region_mentions) {
        RegionMatch m;
        m.id = taxonomy_->regions()[entry].id;
        m.mentions = mentions;
        m.ancestors = taxonomy_->ancestors(m.id);
        contained.insert(m.ancestors.begin(), m.ancestors.end());
        matches.push_back(std::move(m));
    }
    for (RegionMatch& m : matches) {
        if (!contained.contains(m.id)) {
            out.regions.push_back(std::move(m));
        }
    }
    std::stable_sort(
        out.regions.begin(), out.regions.end(),
        [](const RegionMatch& a, const RegionMatch& b) { return a.mentions > b.mentions; });

    double best = 0;
    for (const auto& [entry, score] : type_scores) {
        if (score > best) {
            best = score;
            out.type = taxonomy_->types()[entry].id;
        }
    }
    return out;
}

std::vector<std::string> Classifier::topics_for_query(const std::vector<std::string>& stems) const {
    std::map<std::size_t, std::set<std::size_t>> matched;  // topic -> patterns
    for (std::size_t i = 0; i < stems.size(); ++i) {
        const auto it = by_first_key_.find(stems[i]);
        if (it == by_first_key_.end()) {
            continue;
        }
        for (const std::size_t index : it->second) {
            const Pattern& p = patterns_[index];
            if (p.kind != TaxonomyKind::Topic || i + p.keys.size() > stems.size()) {
                continue;
            }
            if (std::equal(p.keys.begin(), p.keys.end(), stems.begin() + static_cast<long>(i))) {
                matched[p.entry].insert(index);
            }
        }
    }
    std::vector<std::pair<std::size_t, std::size_t>> ranked;  // (count, topic)
    for (const auto& [entry, patterns] : matched) {
        ranked.emplace_back(patterns.size(), entry);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (const auto& [count, entry] : ranked) {
        out.push_back(taxonomy_->topics()[entry].id);
    }
    return out;
}

}  // namespace kb::classify
