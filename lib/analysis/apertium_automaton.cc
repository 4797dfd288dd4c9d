#include "apertium_automaton.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include <unicode/uchar.h>

#include "kb/util/error.h"

#include <lttoolbox/alphabet.h>
#include <lttoolbox/file_utils.h>
#include <lttoolbox/transducer.h>

namespace kb::analysis {
namespace {

struct FileCloser {
    void operator()(FILE* f) const noexcept { std::fclose(f); }
};

// The characters FSTProcessor writes with a backslash in front (its escaped_chars).
bool is_escaped(std::int32_t symbol) {
    return symbol > 0 && symbol <= 0xFFFF &&
           std::u16string_view(u"[]{}^$/\\@<>").find(static_cast<char16_t>(symbol)) !=
               std::u16string_view::npos;
}

// A symbol as FSTProcessor writes it in a reading, escaped if need be.
std::u16string symbol_text(const Alphabet& alphabet, std::int32_t code, bool upper) {
    std::u16string text(is_escaped(code) ? 1 : 0, u'\\');
    alphabet.getSymbol(text, code, upper);
    return text;
}

// A state number as lttoolbox read it, checked: a broken file can give anything.
std::uint32_t state_number(int state) {
    constexpr int kMaxStates = 1 << 28;
    if (state < 0 || state >= kMaxStates) {
        throw ConfigError("state number " + std::to_string(state) + " out of range");
    }
    return static_cast<std::uint32_t>(state);
}

// One more than the highest state number a section mentions.
std::uint32_t section_state_count(Transducer& section) {
    std::uint32_t count = state_number(section.getInitial()) + 1;
    for (const auto& [state, transitions] : section.getTransitions()) {
        count = std::max(count, state_number(state) + 1);
        for (const auto& [code, target] : transitions) {
            count = std::max(count, state_number(target.first) + 1);
        }
    }
    for (const auto& [state, weight] : section.getFinals()) {
        count = std::max(count, state_number(state) + 1);
    }
    return count;
}

}  // namespace

// Per-thread working memory of lookup(), reused from word to word.
struct ApertiumAutomaton::Scratch {
    std::vector<Configuration> current;
    std::vector<Configuration> next;
    std::vector<OutputNode> outputs;
    std::vector<std::uint32_t> path;
    // Keep configurations that can read no more letters: at the word's last letter only
    // (dropping them earlier changes no answer: they die at the next letter).
    bool keep_dead_ends = true;
    std::u16string texts;           // the readings of the final configurations
    std::vector<Reading> readings;  // in texts
};

// Flattens lttoolbox's sections into the automaton's arrays under a root (state 0).
class ApertiumAutomaton::Builder {
    struct Transition {
        std::int32_t input;
        Move move;
        double weight;
    };

public:
    Builder(ApertiumAutomaton& automaton, Alphabet& alphabet)
        : automaton_(automaton), alphabet_(alphabet) {
        automaton_.outputs_.push_back(OutputSymbol{});  // 0: writes nothing
    }

    void build(std::map<UString, Transducer>& sections) {
        std::vector<std::uint32_t> initials;
        for (auto& [name, section] : sections) {  // by name, as FSTProcessor::calcInitial
            initials.push_back(add_section(section));
        }
        const auto root = static_cast<std::uint32_t>(states_.size());
        states_.emplace_back();
        for (const std::uint32_t initial : initials) {
            states_[root].push_back(Transition{0, Move{0, initial}, 0.0});
        }
        is_final_.resize(states_.size(), false);
        automaton_.final_weight_.resize(states_.size(), 0.0);
        renumber_breadth_first(root);
        flatten();
    }

private:
    // Returns the section's initial state.
    std::uint32_t add_section(Transducer& section) {
        const auto offset = static_cast<std::uint32_t>(states_.size());
        states_.resize(offset + section_state_count(section));
        is_final_.resize(states_.size(), false);
        automaton_.final_weight_.resize(states_.size(), 0.0);
        for (const auto& [state, transitions] : section.getTransitions()) {
            // The multimap's order is the file's, the order lttoolbox's TransExe adds them.
            for (const auto& [code, target] : transitions) {
                const auto [input, output] = alphabet_.decode(code);
                if (input < 0) {
                    continue;  // reads a tag
                }
                // State::epsilonClosure counts neither the symbol 0 nor its weight.
                const double weight = input == 0 && output == 0 ? 0.0 : target.second;
                states_[offset + static_cast<std::uint32_t>(state)].push_back(Transition{
                    input,
                    Move{output_index(output), offset + static_cast<std::uint32_t>(target.first)},
                    weight});
            }
        }
        for (const auto& [state, weight] : section.getFinals()) {
            is_final_[offset + static_cast<std::uint32_t>(state)] = true;
            automaton_.final_weight_[offset + static_cast<std::uint32_t>(state)] = weight;
        }
        return offset + static_cast<std::uint32_t>(section.getInitial());
    }

    std::uint32_t output_index(std::int32_t code) {
        if (const auto it = indices_.find(code); it != indices_.end()) {
            return it->second;
        }
        OutputSymbol symbol{symbol_text(alphabet_, code, false),
                            symbol_text(alphabet_, code, true)};
        std::uint32_t index = 0;
        if (!symbol.plain.empty() || !symbol.upper.empty()) {
            index = static_cast<std::uint32_t>(automaton_.outputs_.size());
            automaton_.outputs_.push_back(std::move(symbol));
        }
        indices_.emplace(code, index);
        return index;
    }

    // Numbers the states in breadth-first order from the root (which becomes state 0), so
    // that the states a walk visits first, the same for every word, sit together in memory.
    void renumber_breadth_first(std::uint32_t root) {
        constexpr auto kUnnumbered = std::numeric_limits<std::uint32_t>::max();
        std::vector<std::uint32_t> number(states_.size(), kUnnumbered);
        std::vector<std::uint32_t> order{root};
        number[root] = 0;
        for (std::size_t i = 0; i < order.size(); ++i) {
            for (const Transition& t : states_[order[i]]) {
                if (number[t.move.target] == kUnnumbered) {
                    number[t.move.target] = static_cast<std::uint32_t>(order.size());
                    order.push_back(t.move.target);
                }
            }
        }
        for (std::uint32_t state = 0; state < states_.size(); ++state) {
            if (number[state] == kUnnumbered) {  // unreachable
                number[state] = static_cast<std::uint32_t>(order.size());
                order.push_back(state);
            }
        }
        std::vector<std::vector<Transition>> states(states_.size());
        std::vector<bool> is_final(states_.size());
        std::vector<double> final_weight(states_.size());
        for (std::uint32_t state = 0; state < states_.size(); ++state) {
            for (Transition& t : states_[state]) {
                t.move.target = number[t.move.target];
            }
            states[number[state]] = std::move(states_[state]);
            is_final[number[state]] = is_final_[state];
            final_weight[number[state]] = automaton_.final_weight_[state];
        }
        states_ = std::move(states);
        is_final_ = std::move(is_final);
        automaton_.final_weight_ = std::move(final_weight);
    }

    void flatten() {
        auto& a = automaton_;
        bool weighted = false;
        for (std::size_t state = 0; state < states_.size(); ++state) {
            auto& transitions = states_[state];
            std::stable_sort(
                transitions.begin(), transitions.end(),
                [](const Transition& x, const Transition& y) { return x.input < y.input; });
            const auto epsilons = static_cast<std::uint32_t>(a.inputs_.size());
            std::uint32_t letters = epsilons;
            for (const Transition& t : transitions) {
                letters += t.input == 0 ? 1 : 0;
                a.inputs_.push_back(t.input);
                a.moves_.push_back(t.move);
                a.weights_.push_back(t.weight);
                weighted = weighted || t.weight != 0.0;
            }
            a.states_.push_back(State{epsilons, letters,
                                      static_cast<std::uint32_t>(a.inputs_.size()),
                                      is_final_[state], letters != a.inputs_.size()});
        }
        mark_live_states();
        if (!weighted) {
            a.weights_ = {};
        }
        a.inputs_.shrink_to_fit();
        a.moves_.shrink_to_fit();
        a.weights_.shrink_to_fit();
    }

    // A state is live if it or a state its epsilon moves reach reads a letter.
    void mark_live_states() {
        auto& a = automaton_;
        std::vector<std::vector<std::uint32_t>> sources(a.states_.size());  // by epsilon
        std::vector<std::uint32_t> work;
        for (std::uint32_t state = 0; state < a.states_.size(); ++state) {
            for (std::uint32_t t = a.states_[state].epsilons; t != a.states_[state].letters; ++t) {
                sources[a.moves_[t].target].push_back(state);
            }
            if (a.states_[state].live) {
                work.push_back(state);
            }
        }
        while (!work.empty()) {
            const std::uint32_t state = work.back();
            work.pop_back();
            for (const std::uint32_t source : sources[state]) {
                if (!a.states_[source].live) {
                    a.states_[source].live = true;
                    work.push_back(source);
                }
            }
        }
    }

    ApertiumAutomaton& automaton_;
    Alphabet& alphabet_;
    std::vector<std::vector<Transition>> states_;
    std::vector<bool> is_final_;
    std::unordered_map<std::int32_t, std::uint32_t> indices_;  // output symbol -> index
};

ApertiumAutomaton::ApertiumAutomaton(const std::filesystem::path& path) {
    std::unique_ptr<FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
        throw ConfigError(path.string() + ": cannot open the Apertium analyser");
    }
    std::set<UChar32> letters;
    Alphabet alphabet;
    std::map<UString, Transducer> sections;
    try {
        readTransducerSet(file.get(), letters, alphabet, sections);
        Builder(*this, alphabet).build(sections);
    } catch (const std::exception& e) {
        throw ConfigError(path.string() + ": not an lttoolbox transducer: " + e.what());
    }
    try {
        start_walks();
        validate();
    } catch (const ConfigError& e) {
        throw ConfigError(path.string() + ": not a valid lttoolbox analyser: " + e.what());
    }
}

// The root's epsilon closure, FSTProcessor's initial_state, computed once.
void ApertiumAutomaton::start_walks() {
    Scratch scratch;
    scratch.outputs.assign(1, OutputNode{0, 0});
    scratch.keep_dead_ends = true;
    scratch.next.push_back(Configuration{root(), 0, 0.0, 0, false});
    if (!close_over_epsilons(scratch)) {
        throw ConfigError("too many epsilon moves from the initial state");
    }
    initial_ = std::move(scratch.next);
    initial_outputs_ = std::move(scratch.outputs);
    for (std::uint32_t i = 0; i < initial_.size(); ++i) {
        const std::uint32_t state = initial_[i].state;
        for (std::uint32_t t = states_[state].letters; t != states_[state].end; ++t) {
            initial_moves_.push_back(InitialMove{inputs_[t], i, t});
        }
    }
    std::stable_sort(initial_moves_.begin(), initial_moves_.end(),
                     [](const InitialMove& a, const InitialMove& b) { return a.input < b.input; });
}

// FSTProcessor::valid(): no entry with an empty left side, none starting with a space.
void ApertiumAutomaton::validate() const {
    for (const Configuration& c : initial_) {
        if (states_[c.state].final) {
            throw ConfigError("an entry has an empty left side");
        }
    }
    Scratch scratch;
    scratch.outputs = initial_outputs_;
    if (first_step(scratch, u' ', true)) {
        throw ConfigError("an entry starts with a space");
    }
}

std::optional<std::u16string> ApertiumAutomaton::lookup(std::u16string_view word) const {
    // biltransWithQueue: a leading '=' is a mark, kept in front of the readings.
    const bool mark = !word.empty() && word.front() == u'=';
    if (mark) {
        word.remove_prefix(1);
    }
    if (word.empty()) {
        return std::nullopt;  // the initial state is not final (validate())
    }
    const bool first_upper = u_isupper(word[0]);
    const bool upper = first_upper && word.size() > 1 && u_isupper(word[1]);
    thread_local Scratch scratch;
    scratch.outputs.assign(initial_outputs_.begin(), initial_outputs_.end());
    if (!first_step(scratch, word[0], word.size() == 1)) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < word.size(); ++i) {  // lttoolbox steps over UTF-16 units
        if (!step(scratch, word[i], i + 1 == word.size())) {
            return std::nullopt;
        }
    }
    std::optional<std::u16string> readings = finals(scratch, first_upper, upper);
    if (readings && mark) {
        readings->insert(0, 1, u'=');
    }
    return readings;
}

// step() from the initial configurations, by their index of moves: the same configurations
// in the same order (each initial configuration's moves on the unit, then on its lower case).
bool ApertiumAutomaton::first_step(Scratch& scratch, char16_t unit, bool last) const {
    if (unit == 0) {
        return false;
    }
    scratch.keep_dead_ends = last;
    const UChar32 input = unit;
    const UChar32 lower = u_isupper(input) ? u_tolower(input) : input;
    const auto moves_on = [&](std::int32_t in) {
        return std::equal_range(
            initial_moves_.begin(), initial_moves_.end(), InitialMove{in, 0, 0},
            [](const InitialMove& a, const InitialMove& b) { return a.input < b.input; });
    };
    auto [exact, exact_end] = moves_on(input);
    auto [folded, folded_end] = lower != input ? moves_on(lower) : std::pair{exact_end, exact_end};
    scratch.next.clear();
    while (exact != exact_end || folded != folded_end) {
        if (folded == folded_end ||
            (exact != exact_end && exact->configuration <= folded->configuration)) {
            move(scratch, initial_[exact->configuration], exact->transition, false);
            ++exact;
        } else {
            move(scratch, initial_[folded->configuration], folded->transition, true);
            ++folded;
        }
    }
    if (scratch.next.size() > kMaxConfigurations || !close_over_epsilons(scratch)) {
        return false;
    }
    scratch.current.swap(scratch.next);
    return !scratch.current.empty();
}

// State::step_case(unit): an upper-case letter also matches its lower-case form (dirty).
// False when no path survives or the walk exceeds its bounds.
bool ApertiumAutomaton::step(Scratch& scratch, char16_t unit, bool last) const {
    if (unit == 0) {
        return false;  // State::apply(0) empties the state
    }
    scratch.keep_dead_ends = last;
    const UChar32 input = unit;
    const UChar32 lower = u_isupper(input) ? u_tolower(input) : input;
    scratch.next.clear();
    for (const Configuration& c : scratch.current) {
        follow(scratch, c, input, false);
        if (lower != input) {
            follow(scratch, c, lower, true);
        }
        if (scratch.next.size() > kMaxConfigurations) {
            return false;
        }
    }
    if (!close_over_epsilons(scratch)) {
        return false;
    }
    scratch.current.swap(scratch.next);
    return !scratch.current.empty();
}

// State::apply_into: every transition of `from` reading `input` writes its output symbol.
void ApertiumAutomaton::follow(Scratch& scratch,
                               const Configuration& from,
                               std::int32_t input,
                               bool dirty) const {
    const State& state = states_[from.state];
    std::uint32_t t = state.letters;
    const std::uint32_t end = state.end;
    if (end - t > 16) {
        t = static_cast<std::uint32_t>(
            std::lower_bound(inputs_.begin() + t, inputs_.begin() + end, input) - inputs_.begin());
    } else {
        while (t != end && inputs_[t] < input) {
            ++t;
        }
    }
    for (; t != end && inputs_[t] == input; ++t) {
        move(scratch, from, t, dirty);
    }
}

// Appends the configuration `from` reaches by `transition`.
void ApertiumAutomaton::move(Scratch& scratch,
                             const Configuration& from,
                             std::uint32_t transition,
                             bool dirty) const {
    const Move& m = moves_[transition];
    if (!scratch.keep_dead_ends && !states_[m.target].live) {
        return;
    }
    std::uint32_t output = from.output;
    if (m.output != 0) {
        scratch.outputs.push_back(OutputNode{from.output, m.output});
        output = static_cast<std::uint32_t>(scratch.outputs.size() - 1);
    }
    scratch.next.push_back(
        Configuration{m.target, output, from.weight + weight(transition), 0, from.dirty || dirty});
}

// State::epsilonClosure over scratch.next, in its order: each configuration's epsilon moves
// are appended and followed in turn. False when the bounds are exceeded.
bool ApertiumAutomaton::close_over_epsilons(Scratch& scratch) const {
    for (std::size_t i = 0; i < scratch.next.size(); ++i) {
        const Configuration from = scratch.next[i];  // a copy: push_back may reallocate
        const State& state = states_[from.state];
        for (std::uint32_t t = state.epsilons; t != state.letters; ++t) {
            if (from.epsilon_depth >= kMaxEpsilonDepth ||
                scratch.next.size() >= kMaxConfigurations) {
                return false;
            }
            const Move& move = moves_[t];
            if (!scratch.keep_dead_ends && !states_[move.target].live) {
                continue;
            }
            Configuration to{move.target, from.output, from.weight + weight(t),
                             from.epsilon_depth + 1, from.dirty};
            if (move.output != 0) {
                scratch.outputs.push_back(OutputNode{from.output, move.output});
                to.output = static_cast<std::uint32_t>(scratch.outputs.size() - 1);
            }
            scratch.next.push_back(to);
        }
    }
    return true;
}

// State::filterFinals: the readings of the final configurations, by weight (std::sort, as
// lttoolbox's NFinals: sorting by the same weights makes the same permutation), duplicates
// dropped, joined by '/'; nullopt if none is final.
std::optional<std::u16string> ApertiumAutomaton::finals(Scratch& scratch,
                                                        bool first_upper,
                                                        bool upper) const {
    scratch.texts.clear();
    scratch.readings.clear();
    for (const Configuration& c : scratch.current) {
        if (states_[c.state].final) {
            scratch.readings.push_back(reading(scratch, c, first_upper, upper));
        }
    }
    if (scratch.readings.empty()) {
        return std::nullopt;
    }
    std::sort(scratch.readings.begin(), scratch.readings.end(),
              [](const Reading& a, const Reading& b) { return a.weight < b.weight; });
    const auto text = [&](const Reading& r) {
        return std::u16string_view(scratch.texts).substr(r.begin, r.length);
    };
    std::u16string joined;
    for (auto r = scratch.readings.begin(); r != scratch.readings.end(); ++r) {
        if (std::any_of(scratch.readings.begin(), r,
                        [&](const Reading& earlier) { return text(earlier) == text(*r); })) {
            continue;
        }
        if (r != scratch.readings.begin()) {
            joined += u'/';
        }
        joined += text(*r);
    }
    return joined;
}

// Writes the output of final configuration `c` to scratch.texts, upper-cased where
// lttoolbox upper-cases it.
ApertiumAutomaton::Reading ApertiumAutomaton::reading(Scratch& scratch,
                                                      const Configuration& c,
                                                      bool first_upper,
                                                      bool upper) const {
    scratch.path.clear();
    for (std::uint32_t node = c.output; node != 0; node = scratch.outputs[node].parent) {
        scratch.path.push_back(scratch.outputs[node].symbol);
    }
    const auto begin = static_cast<std::uint32_t>(scratch.texts.size());
    for (auto it = scratch.path.rbegin(); it != scratch.path.rend(); ++it) {
        scratch.texts += c.dirty && upper ? outputs_[*it].upper : outputs_[*it].plain;
    }
    const auto length = static_cast<std::uint32_t>(scratch.texts.size() - begin);
    if (c.dirty && first_upper) {
        // The first letter, after a post-generation mark if any.
        const std::uint32_t at = length > 0 && scratch.texts[begin] == u'~' ? 1 : 0;
        if (at < length) {
            char16_t& letter = scratch.texts[begin + at];
            letter = static_cast<char16_t>(u_toupper(letter));
        }
    }
    return Reading{begin, length, c.weight + final_weight_[c.state]};
}

}  // namespace kb::analysis
