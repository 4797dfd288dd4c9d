#pragma once

#include <cstddef>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kb/analysis/analyzer.h"
#include "kb/classify/taxonomy.h"

namespace kb::classify {

struct ClassifierOptions {
    // A trigger found in the title counts this many times a trigger in the body.
    double title_weight = 2.0;
    // A topic is kept if its score (trigger matches, repeats damped, title matches weighted)
    // reaches min_topic_score and at least min_topic_per_1000_words per 1000 words of text
    // (long documents need more).
    double min_topic_score = 3.0;
    double min_topic_per_1000_words = 1.0;
    // Secondary topics are kept only if they score at least this share of the best one.
    // Measured with tools/bench/classify on the 133 labelled documents (the settings were
    // chosen on them, so expect less on others): topic precision 0.810, recall 0.824; score
    // 4 and share 0.4 give 0.820 / 0.765, and the earlier score 2 and share 0.3 without
    // damping 0.703 / 0.836.
    double min_share_of_best = 0.5;
    // At most this many topics, best first.
    std::size_t max_topics = 3;
    // A region mentioned fewer times than this share of the most mentioned one is left out
    // (a passing mention), unless it is named in the title.
    double min_region_share_of_best = 0.34;
    // A trigger repeated n > 3 times counts 3 + ln(n / 3) rather than n, so that one word
    // said over and over ("AI" twenty times) does not outweigh a topic named in several ways.
    bool damp_repeats = true;
};

// A topic assigned to a document: `score` is the weighted number of trigger matches.
struct TopicScore {
    std::string id;
    double score = 0;
};

// A region named in a document and not contained in another region named there;
// `ancestors` as Taxonomy::ancestors() (parents up to the country, then macro-regions).
struct RegionMatch {
    std::string id;
    std::size_t mentions = 0;
    std::vector<std::string> ancestors;
};

// One match of a trigger or region name: what it found, and the words as written.
struct Evidence {
    TaxonomyKind kind = TaxonomyKind::Topic;
    std::string id;
    std::string words;
    bool in_title = false;
};

struct Classification {
    std::vector<TopicScore> topics;    // best first
    std::vector<RegionMatch> regions;  // most mentioned first
    std::string type = "other";        // document-type id; "other" if no trigger matched
    std::vector<Evidence> evidence;    // every match, in text order (title first), for
                                       // explaining a classification
};

// Finds the taxonomy's topics, regions and document type in analysed text. Every trigger,
// name and alias is analysed once at construction in its own language into a sequence of
// stems (and folded forms), so inflected and diacritic-less words match, and Serbian
// Cyrillic matches Latin (the analyzer folds BCMS to Gaj Latin). A phrase matches
// consecutive words; where region names overlap, the longest wins ("Slovenj Gradec" is a
// Slovenian town, not Graz, "Gradec" in Slovenian). Topic and type triggers and region aliases are
// matched in documents of their language (Bosnian, Croatian and Serbian count as one language) and
// English ones everywhere; official region names (<name>) and aliases without a language in every
// language. A one-word region name written with a capital letter in the
// taxonomy matches only a capitalised word, and names of three letters or fewer match only
// their exact folded form.
// Thread safety: one instance per thread (it uses `analyzer`, which must outlive it and
// belong to the same thread); the taxonomy is shared read-only.
// Throws: InternalError from the analyzer.
class Classifier {
public:
    Classifier(std::shared_ptr<const Taxonomy> taxonomy,
               analysis::Analyzer& analyzer,
               ClassifierOptions options = {});

    // Classifies a document in language `lang` (code or BCP-47 tag) with body `text` and
    // `title` (may be empty).
    Classification classify(std::string_view text, std::string_view title, std::string_view lang);

    // Topics with a trigger, in any language, whose stems (or folded forms) occur as
    // consecutive elements of `stems` (a query's stems, analysed in any language), most
    // matched triggers first.
    std::vector<std::string> topics_for_query(const std::vector<std::string>& stems) const;

    const Taxonomy& taxonomy() const noexcept { return *taxonomy_; }

private:
    struct Pattern {
        std::vector<std::string> keys;  // a stem or folded form per word
        TaxonomyKind kind = TaxonomyKind::Topic;
        std::size_t entry = 0;  // index in the taxonomy's topics, regions or types
        std::string group;      // language group for topics and types; "" = any
        bool need_capital = false;
        bool exact = false;        // keys are folded forms; match only a token's folded form
        std::size_t phrase = 0;    // the taxonomy phrase it comes from (its folded and stemmed
                                   // patterns share one)
        std::string source_group;  // language group the phrase is written in ("" = none)
        // Region names: per word, the start of its folded form that an inflected form keeps
        // (see name_prefix() in classifier.cc). A word matching by stem must start with it
        // (Polish "Radom" and "Rady" share the stem "rad"; only "Radomiu" starts "rado"), and
        // a capitalised word the dictionary leaves as it is, starts with it and is at most
        // one letter longer or shorter matches a name of seven letters or more (Czech
        // "Británii" for "Británie", which Hunspell does not inflect).
        std::vector<std::string> name_prefixes;
        std::vector<std::size_t> name_letters;  // per word, its length in letters
        std::vector<std::string> name_folded;   // per word, its folded form
    };

    void add_phrase(TaxonomyKind kind,
                    std::size_t entry,
                    const std::string& text,
                    const std::string& lang,
                    bool any_language);
    void add_pattern(Pattern pattern);

    std::size_t phrases_ = 0;  // phrases added so far
    // Per region: the language groups it has an official name in. A name written in another
    // language does not match in their documents (Slovak "Slovensko" is a Slovenian
    // adjective; Slovenian documents name Slovakia "Slovaška").
    std::vector<std::set<std::string>> region_name_groups_;
    std::shared_ptr<const Taxonomy> taxonomy_;
    analysis::Analyzer& analyzer_;
    ClassifierOptions options_;
    std::vector<Pattern> patterns_;
    // First key -> indices in patterns_.
    std::unordered_map<std::string, std::vector<std::size_t>> by_first_key_;
    // Region patterns by the name prefix of their first word.
    std::unordered_map<std::string, std::vector<std::size_t>> by_first_prefix_;
};

}  // namespace kb::classify
