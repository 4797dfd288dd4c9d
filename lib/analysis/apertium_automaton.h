#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::analysis {

// A compiled lttoolbox transducer (`*.automorf.bin`) flattened into immutable arrays: every
// section joined under one root by an epsilon move, as lttoolbox's FSTProcessor joins them
// in biltrans mode. lookup() walks it as FSTProcessor::biltransWithQueue(u"^word$") does
// for a word it matches whole (same readings in the same order, same escapes, same case
// handling), without lttoolbox's per-step vector allocations.
// Bounded: a word whose walk needs more than kMaxConfigurations live paths or a chain of
// more than kMaxEpsilonDepth epsilon moves (a cyclic transducer) is unknown; lttoolbox has
// no bound (it loops on an epsilon cycle); real words need at most ~850 paths.
// Thread safety: immutable once constructed; lookup() may run on any number of threads.
class ApertiumAutomaton {
public:
    static constexpr std::size_t kMaxConfigurations = 16'384;
    static constexpr std::uint32_t kMaxEpsilonDepth = 256;

    // Throws: ConfigError if the file cannot be read or is no valid lttoolbox analyser.
    explicit ApertiumAutomaton(const std::filesystem::path& path);

    // The readings of the whole `word` (UTF-16), "lemma<tag>.../lemma<tag>..." as
    // biltransWithQueue gives them between '^' and '$' (a leading '=' mark kept), or nullopt
    // when the transducer does not consume the whole word into a final state. The word must
    // hold no Apertium stream syntax ("^$/<>{}[]\\@*").
    std::optional<std::u16string> lookup(std::u16string_view word) const;

private:
    // Where a transition goes, writing what.
    struct Move {
        std::uint32_t output;  // index into outputs_; 0 writes nothing
        std::uint32_t target;
    };
    // A state's transitions are [epsilons, letters) reading nothing, then [letters, end)
    // reading code points, sorted by them (stable: in the file's order otherwise).
    // Transitions reading a multi-character symbol are dropped: a word never has one.
    struct State {
        std::uint32_t epsilons;
        std::uint32_t letters;
        std::uint32_t end;
        bool final;
        bool live;  // it or a state its epsilon moves reach reads a letter
    };
    // An output symbol as lttoolbox's filterFinals writes it (escaped if need be), as is and
    // for an upper-case reading.
    struct OutputSymbol {
        std::u16string plain;
        std::u16string upper;
    };
    // One path through the transducer so far: lttoolbox's TNodeState.
    struct Configuration {
        std::uint32_t state;
        std::uint32_t output;  // its output: a node of Scratch::outputs
        double weight;
        std::uint32_t epsilon_depth;  // epsilon moves since the last letter
        bool dirty;                   // matched an upper-case letter as its lower-case form
    };
    // Written output as a tree: a symbol after its parent's output (node 0: nothing).
    struct OutputNode {
        std::uint32_t parent;
        std::uint32_t symbol;  // index into outputs_
    };
    // A transition out of the initial configurations: the first step's index.
    struct InitialMove {
        std::int32_t input;
        std::uint32_t configuration;  // index into initial_
        std::uint32_t transition;
    };
    // A reading of a final configuration, a slice of Scratch::texts.
    struct Reading {
        std::uint32_t begin;
        std::uint32_t length;
        double weight;
    };
    struct Scratch;
    class Builder;

    static constexpr std::uint32_t root() { return 0; }
    void start_walks();
    void validate() const;

    double weight(std::uint32_t transition) const {
        return weights_.empty() ? 0.0 : weights_[transition];
    }
    bool first_step(Scratch& scratch, char16_t unit, bool last) const;
    bool step(Scratch& scratch, char16_t unit, bool last) const;
    void follow(Scratch& scratch, const Configuration& from, std::int32_t input, bool dirty) const;
    void move(Scratch& scratch,
              const Configuration& from,
              std::uint32_t transition,
              bool dirty) const;
    bool close_over_epsilons(Scratch& scratch) const;
    std::optional<std::u16string> finals(Scratch& scratch, bool first_upper, bool upper) const;
    Reading reading(Scratch& scratch, const Configuration& c, bool first_upper, bool upper) const;

    std::vector<State> states_;
    // Per transition: what it reads (a code point, or 0 for an epsilon move), where it goes,
    // what it weighs as lttoolbox counts it (an epsilon move writing nothing weighs 0; empty
    // when the transducer is unweighted).
    std::vector<std::int32_t> inputs_;
    std::vector<Move> moves_;
    std::vector<double> weights_;
    std::vector<double> final_weight_;  // per state
    std::vector<OutputSymbol> outputs_;
    // Where every walk starts: the root's epsilon closure (FSTProcessor's initial_state).
    std::vector<Configuration> initial_;
    std::vector<OutputNode> initial_outputs_;
    std::vector<InitialMove> initial_moves_;  // by input, configuration and transition
};

}  // namespace kb::analysis
