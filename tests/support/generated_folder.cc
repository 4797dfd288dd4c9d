#include "support/generated_folder.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kb::test {
namespace {

namespace fs = std::filesystem;

// `n` written with the letters a..z, `width` of them: words no language has after "xq".
std::string letters(std::uint64_t n, std::size_t width) {
    std::string s(width, 'a');
    for (std::size_t i = width; i > 0 && n > 0; --i, n /= 26) {
        s[i - 1] = static_cast<char>('a' + n % 26);
    }
    return s;
}

}  // namespace

GeneratedFolder::GeneratedFolder(fs::path root, const fs::path& corpus_docs, std::uint64_t seed)
    : root_(std::move(root)), rng_(seed) {
    fs::create_directories(root_);
    std::vector<fs::path> texts;
    for (const auto& entry : fs::recursive_directory_iterator(corpus_docs)) {
        if (entry.is_regular_file() && entry.path().extension() == ".txt") {
            texts.push_back(entry.path());
        }
    }
    std::sort(texts.begin(), texts.end());  // the same sentences in the same order for a seed
    for (const fs::path& path : texts) {
        std::ifstream in(path);
        std::string line;
        while (std::getline(in, line)) {
            if (line.size() >= 40) {  // sentences, not headings
                sentences_[path.parent_path().filename().string()].push_back(line);
            }
        }
    }
    for (const auto& [language, lines] : sentences_) {
        if (lines.size() >= 5) {
            languages_.push_back(language);
        }
    }
    if (languages_.empty()) {
        throw std::runtime_error(corpus_docs.string() + ": no sample texts");
    }
}

std::string GeneratedFolder::text(const std::string& language, const GeneratedFile& file) {
    const std::vector<std::string>& lines = sentences_.at(language);
    std::uniform_int_distribution<std::size_t> start(0, lines.size() - 1);
    std::uniform_int_distribution<std::size_t> count(2, 5);
    std::size_t at = start(rng_);
    const std::size_t n = count(rng_);
    // The two words go into the first paragraph, which they make unique: the
    // repeated-line filter never takes them out.
    std::string out = lines[at];
    out += ' ';
    out += file.uid;
    out += ' ';
    out += file.version;
    out += ".\n";
    for (std::size_t i = 1; i < n; ++i) {
        out += '\n';
        out += lines[(at + i) % lines.size()];
        out += '\n';
    }
    return out;
}

void GeneratedFolder::write(const std::string& id, const std::string& text) {
    const fs::path path = root_ / id;
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        throw std::runtime_error(path.string() + ": cannot write");
    }
}

void GeneratedFolder::add(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t n = next_file_++;
        GeneratedFile file;
        file.language =
            languages_[std::uniform_int_distribution<std::size_t>(0, languages_.size() - 1)(rng_)];
        file.uid = "xquid" + letters(n, 5);
        file.version = "xqver" + letters(next_version_++, 6);
        std::ostringstream id;
        id << file.language << "/b" << n % 16 << "/f" << n << ".txt";
        write(id.str(), text(file.language, file));
        uid_of_[id.str()] = file.uid;
        id_of_version_[file.version] = id.str();
        files_[id.str()] = file;
    }
}

std::vector<std::string> GeneratedFolder::pick(std::size_t count) {
    std::vector<std::string> ids;
    ids.reserve(files_.size());
    for (const auto& [id, file] : files_) {
        ids.push_back(id);
    }
    std::shuffle(ids.begin(), ids.end(), rng_);
    ids.resize(std::min(count, ids.size()));
    return ids;
}

void GeneratedFolder::edit(std::size_t count) {
    for (const std::string& id : pick(count)) {
        GeneratedFile& file = files_.at(id);
        file.version = "xqver" + letters(next_version_++, 6);
        id_of_version_[file.version] = id;
        write(id, text(file.language, file));
        // A second later than it would be anyway: seen as changed on any file system.
        const fs::path path = root_ / id;
        fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(1));
    }
}

void GeneratedFolder::touch(std::size_t count) {
    for (const std::string& id : pick(count)) {
        const fs::path path = root_ / id;
        fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(2));
    }
}

void GeneratedFolder::remove(std::size_t count) {
    for (const std::string& id : pick(count)) {
        fs::remove(root_ / id);
        files_.erase(id);
        removed_.insert(id);
    }
}

}  // namespace kb::test
