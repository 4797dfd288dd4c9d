#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace kb::ingest {

// Collects the text of a markup tree: runs of white space collapse to one space, element
// boundaries that separate words become a space, and block boundaries a blank line.
// Leading and trailing space is never emitted.
// Thread safety: an instance is used by one thread.
class TextSink {
public:
    // Appends character data.
    void text(std::string_view s) {
        for (const char c : s) {
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
                pending_space_ = !out_.empty();
            } else {
                flush();
                out_ += c;
            }
        }
    }
    // A boundary between words (an element that is neither inline nor a block).
    void boundary() { pending_space_ = !out_.empty(); }
    // A boundary between paragraphs.
    void block() { pending_break_ = !out_.empty(); }
    bool empty() const noexcept { return out_.empty(); }
    // The text collected so far; the sink is empty afterwards.
    std::string take() {
        pending_space_ = pending_break_ = false;
        return std::exchange(out_, {});
    }

private:
    void flush() {
        if (pending_break_) {
            out_ += "\n\n";
        } else if (pending_space_) {
            out_ += ' ';
        }
        pending_break_ = pending_space_ = false;
    }
    std::string out_;
    bool pending_space_ = false;
    bool pending_break_ = false;
};

}  // namespace kb::ingest
