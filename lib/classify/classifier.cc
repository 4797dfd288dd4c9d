#include "kb/classify/classifier.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "kb/analysis/language.h"
#include "kb/util/utf8.h"

namespace kb::classify {

namespace {

// Topic and type triggers of one group match each other's documents: Bosnian, Croatian
// and Serbian share most of their vocabulary and are analysed alike.
std::string language_group(std::string_view lang) {
    const std::string code = analysis::canonical_language(lang);
    return analysis::is_bcms(code) ? "bcms" : code;
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

// Byte offsets of the letters (UTF-8 code points) of `s`.
std::vector<std::size_t> letter_starts(std::string_view s) {
    std::vector<std::size_t> starts;
    for (std::size_t b = 0; b < s.size(); ++b) {
        if ((static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) {
            starts.push_back(b);
        }
    }
    return starts;
}

// The part of a region-name word an inflected form keeps: all but the last two letters (room
// for case endings and fleeting vowels: Kipar, Kipra), or all but the last one of a short
// word the lemmatiser maps to another word (Radom -> "rad", as Rady); at least three letters.
std::string name_prefix(const analysis::Token& word) {
    const std::string& name = word.folded;
    const std::vector<std::size_t> starts = letter_starts(name);
    const std::size_t letters = starts.size();
    const bool other_word = stem_or_folded(word) != name;
    const std::size_t drop = letters <= 5 && other_word ? 1 : 2;
    const std::size_t keep = std::max<std::size_t>(letters > drop ? letters - drop : 0, 3);
    return keep >= letters ? name : name.substr(0, starts[keep]);
}

// Names of at least this many letters also match capitalised words the dictionary leaves
// as they are and that start with their prefix (shorter ones would match common words:
// Praha/Praca, Graz/Grace).
constexpr std::size_t kMinLettersForPrefixMatch = 7;

// True if `word` may be an inflected form of the name word `name_folded`, whose stem is
// `name_key`, with `prefix` (name_prefix()) and `name_letters` letters.
bool name_form(const analysis::Token& word,
               std::string_view name_key,
               std::string_view name_folded,
               std::string_view prefix,
               std::size_t name_letters) {
    if (!word.folded.starts_with(prefix)) {
        return false;
    }
    // Its stem is the name's, or the name itself ("Radomiu" -> "radom", where the name
    // "Radom" alone is lemmatised as "rad", councils).
    if (word.stem == name_key || word.folded == name_key || word.stem == name_folded) {
        return true;
    }
    if (name_letters < kMinLettersForPrefixMatch || stem_or_folded(word) != word.folded) {
        return false;  // short name, or a word the dictionary knows as another word
    }
    const std::size_t letters = util::code_point_count(word.folded);
    const std::size_t difference =
        letters > name_letters ? letters - name_letters : name_letters - letters;
    return difference <= 1 && capitalised(word.text, word.norm);
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
    region_name_groups_.resize(regions.size());
    for (std::size_t i = 0; i < regions.size(); ++i) {
        for (const Phrase& alias : regions[i].aliases) {
            if (alias.official && !alias.lang.empty()) {
                region_name_groups_[i].insert(language_group(alias.lang));
            }
        }
    }
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
    folded.phrase = phrases_++;
    folded.group = any_language ? std::string() : language_group(lang);
    folded.source_group = lang.empty() ? std::string() : language_group(lang);
    folded.need_capital =
        region && tokens.size() == 1 && capitalised(tokens[0].text, tokens[0].norm);
    folded.exact = true;
    Pattern stemmed = folded;
    stemmed.exact = false;
    if (region) {
        for (const analysis::Token& token : tokens) {
            stemmed.name_prefixes.push_back(name_prefix(token));
            stemmed.name_letters.push_back(util::code_point_count(token.folded));
            stemmed.name_folded.push_back(token.folded);
        }
    }
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
    if (!pattern.name_prefixes.empty()) {
        by_first_prefix_[pattern.name_prefixes.front()].push_back(patterns_.size());
    }
    by_first_key_[pattern.keys.front()].push_back(patterns_.size());
    patterns_.push_back(std::move(pattern));
}

Classification Classifier::classify(std::string_view text,
                                    std::string_view title,
                                    std::string_view lang) {
    const std::string group = language_group(lang);
    // (topic, phrase) -> matches in the title and in the body
    std::map<std::pair<std::size_t, std::size_t>, std::pair<double, double>> topic_triggers;
    std::map<std::size_t, std::size_t> region_mentions;
    std::set<std::size_t> regions_in_title;
    std::map<std::size_t, double> type_scores;
    std::size_t words = 0;

    Classification out;
    const auto scan = [&](std::string_view source, const std::vector<analysis::Token>& tokens,
                          double weight, bool in_title) {
        words += tokens.size();
        std::vector<std::size_t> candidates;
        std::set<std::pair<TaxonomyKind, std::size_t>> found;
        std::size_t region_covered_until = 0;  // tokens inside a region name already matched
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            candidates.clear();
            for (const std::string* key : {&tokens[i].stem, &tokens[i].folded}) {
                if (const auto it = by_first_key_.find(*key); it != by_first_key_.end()) {
                    candidates.insert(candidates.end(), it->second.begin(), it->second.end());
                }
            }
            if (capitalised(tokens[i].text, tokens[i].norm)) {
                // Region names the dictionary may not inflect: by the start of the word.
                const std::string& folded = tokens[i].folded;
                const std::vector<std::size_t> starts = letter_starts(folded);
                for (std::size_t n = 3; n <= starts.size(); ++n) {
                    const std::size_t bytes = n < starts.size() ? starts[n] : folded.size();
                    const auto it = by_first_prefix_.find(folded.substr(0, bytes));
                    if (it != by_first_prefix_.end()) {
                        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
                    }
                }
                std::sort(candidates.begin(), candidates.end());
                candidates.erase(std::unique(candidates.begin(), candidates.end()),
                                 candidates.end());
            }
            found.clear();
            std::map<std::size_t, std::size_t> topic_phrase;  // topic -> its phrase found here
            std::map<std::pair<TaxonomyKind, std::size_t>, std::size_t> length;  // longest match
            std::size_t longest_region = 0;
            for (const std::size_t index : candidates) {
                const Pattern& p = patterns_[index];
                if (!p.group.empty() && p.group != group && p.group != "en") {
                    continue;
                }
                if (p.kind == TaxonomyKind::Region && p.group.empty() && !p.source_group.empty() &&
                    p.source_group != group && region_name_groups_[p.entry].contains(group)) {
                    continue;  // another language's name; this one has its own
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
                    if (p.exact) {
                        match = t.folded == p.keys[j];
                    } else if (!p.name_prefixes.empty()) {
                        match = name_form(t, p.keys[j], p.name_folded[j], p.name_prefixes[j],
                                          p.name_letters[j]);
                    } else {
                        match = t.folded == p.keys[j] || t.stem == p.keys[j];
                    }
                }
                if (match) {
                    found.emplace(p.kind, p.entry);
                    std::size_t& n = length[{p.kind, p.entry}];
                    n = std::max(n, p.keys.size());
                    if (p.kind == TaxonomyKind::Topic) {
                        topic_phrase.emplace(p.entry, p.phrase);
                    }
                    if (p.kind == TaxonomyKind::Region) {
                        longest_region = std::max(longest_region, p.keys.size());
                    }
                }
            }
            // Region names: only the longest starting here, and none inside a longer one
            // that started before.
            const bool region_inside = i < region_covered_until;
            if (longest_region > 0 && !region_inside) {
                region_covered_until = i + longest_region;
            }
            std::erase_if(found, [&](const std::pair<TaxonomyKind, std::size_t>& f) {
                return f.first == TaxonomyKind::Region &&
                       (region_inside || length.at(f) < longest_region);
            });
            // One count per thing per word, however many of its phrases start there.
            for (const auto& [kind, entry] : found) {
                const std::size_t n = length.at({kind, entry});
                const analysis::Token& first = tokens[i];
                const analysis::Token& last = tokens[i + n - 1];
                Evidence e;
                e.kind = kind;
                e.id = kind == TaxonomyKind::Topic  ? taxonomy_->topics()[entry].id
                       : kind == TaxonomyKind::Type ? taxonomy_->types()[entry].id
                                                    : taxonomy_->regions()[entry].id;
                const std::size_t end = last.offset + last.text.size();
                // Offsets are into `source` unless it was invalid UTF-8 (then sanitised).
                e.words = end <= source.size() && first.offset <= end
                              ? std::string(source.substr(first.offset, end - first.offset))
                              : first.text;
                e.in_title = in_title;
                out.evidence.push_back(std::move(e));
                if (kind == TaxonomyKind::Topic) {
                    auto& counts = topic_triggers[{entry, topic_phrase.at(entry)}];
                    (in_title ? counts.first : counts.second) += 1;
                } else if (kind == TaxonomyKind::Type) {
                    type_scores[entry] += weight;
                } else {
                    ++region_mentions[entry];
                    if (in_title) {
                        regions_in_title.insert(entry);
                    }
                }
            }
        }
    };
    scan(title, analyzer_.analyze(title, lang), options_.title_weight, true);
    scan(text, analyzer_.analyze(text, lang), 1.0, false);

    // Up to three repeats of a trigger count in full, more grow logarithmically.
    constexpr double kFullRepeats = 3;
    const auto damped = [&](double n) {
        return options_.damp_repeats && n > kFullRepeats ? kFullRepeats + std::log(n / kFullRepeats)
                                                         : n;
    };
    std::map<std::size_t, double> topic_scores;
    for (const auto& [key, counts] : topic_triggers) {
        topic_scores[key.first] +=
            options_.title_weight * damped(counts.first) + damped(counts.second);
    }

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

    // Passing mentions go: a region named less than min_region_share_of_best times as often
    // as the most named one, and not in the title.
    std::size_t most_mentions = 0;
    for (const auto& [entry, mentions] : region_mentions) {
        most_mentions = std::max(most_mentions, mentions);
    }
    std::erase_if(region_mentions, [&](const auto& entry_mentions) {
        const auto& [entry, mentions] = entry_mentions;
        return !regions_in_title.contains(entry) &&
               static_cast<double>(mentions) <
                   options_.min_region_share_of_best * static_cast<double>(most_mentions);
    });
    // The most specific regions: a region that contains others found is dropped when they
    // are named at least as often as it is; otherwise it is what the document is about
    // ("województwo lubuskie" four times, its capital once as an address) and they go.
    std::map<std::string, std::size_t> mentions_by_id;
    for (const auto& [entry, mentions] : region_mentions) {
        mentions_by_id[taxonomy_->regions()[entry].id] = mentions;
    }
    std::map<std::string, std::size_t> descendant_mentions;  // region -> its descendants'
    std::map<std::string, std::vector<std::string>> ancestors_by_id;
    for (const auto& [id, mentions] : mentions_by_id) {
        ancestors_by_id[id] = taxonomy_->ancestors(id);
        for (const std::string& a : ancestors_by_id[id]) {
            if (mentions_by_id.contains(a)) {
                descendant_mentions[a] += mentions;
            }
        }
    }
    const auto kept_as_container = [&](const std::string& id) {
        const auto it = descendant_mentions.find(id);
        return it != descendant_mentions.end() && mentions_by_id.at(id) > it->second;
    };
    for (const auto& [id, mentions] : mentions_by_id) {
        const bool container = descendant_mentions.contains(id);
        if (container && !kept_as_container(id)) {
            continue;  // its more specific regions stand for it
        }
        const std::vector<std::string>& ancestors = ancestors_by_id.at(id);
        if (std::any_of(ancestors.begin(), ancestors.end(), kept_as_container)) {
            continue;  // a passing mention inside the region the document is about
        }
        RegionMatch m;
        m.id = id;
        m.mentions = mentions;
        m.ancestors = ancestors;
        out.regions.push_back(std::move(m));
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
