#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace kb::test {

// The seed of a test's random choices: KB_TEST_SEED if set (to replay a run), else a fresh
// one. Tests print it.
inline std::uint64_t test_seed() {
    if (const char* s = std::getenv("KB_TEST_SEED")) {
        return std::stoull(s);
    }
    return std::random_device{}();
}

// One file of a GeneratedFolder, as the test last wrote it.
struct GeneratedFile {
    std::string uid;       // "xquid...": a word in this file's text only, for good
    std::string version;   // "xqver...": a word of this version of the text only
    std::string language;  // the corpus/docs folder its sentences came from (pl, sr-Cyrl, ...)
};

// A source folder of small real-text documents for the durability, disk-full and
// concurrency tests: sentences of the sample corpus (corpus/docs, one folder per language,
// 13 of them) with two words that no language has, so that the index can be checked by
// term: a unique id word per file, and a version word that changes with every edit (so an
// edit's new text is found, and the old text is not, by one term). The test changes the
// folder between kb-indexer runs and the folder remembers what the index must then hold.
// Every choice comes from the seeded PRNG, so a seed replays a run.
// Thread safety: none; one thread changes the folder (clients may read copies of files()).
class GeneratedFolder {
public:
    // `root` is created if missing; sentences are read from the .txt files under
    // `corpus_docs`. Throws std::runtime_error if there are none.
    GeneratedFolder(std::filesystem::path root,
                    const std::filesystem::path& corpus_docs,
                    std::uint64_t seed);

    const std::filesystem::path& root() const { return root_; }
    std::mt19937_64& rng() { return rng_; }

    // Writes `count` new files (new ids, never used before).
    void add(std::size_t count);
    // Gives `count` random files new text (other sentences and a new version word).
    void edit(std::size_t count);
    // Moves the mtime of `count` random files forward without changing their content.
    void touch(std::size_t count);
    // Deletes `count` random files.
    void remove(std::size_t count);

    // The files now in the folder, by id (path relative to root, '/'-separated).
    const std::map<std::string, GeneratedFile>& files() const { return files_; }
    // Every id ever written, with its uid word; and every version word ever written, with
    // its id: what an index may hold after a kill.
    const std::map<std::string, std::string>& uid_of() const { return uid_of_; }
    const std::map<std::string, std::string>& id_of_version() const { return id_of_version_; }
    // Every id deleted so far (ids are never reused).
    const std::set<std::string>& removed() const { return removed_; }

private:
    std::string text(const std::string& language, const GeneratedFile& file);
    void write(const std::string& id, const std::string& text);
    std::vector<std::string> pick(std::size_t count);

    std::filesystem::path root_;
    std::mt19937_64 rng_;
    std::map<std::string, std::vector<std::string>> sentences_;  // by corpus language folder
    std::vector<std::string> languages_;
    std::map<std::string, GeneratedFile> files_;
    std::map<std::string, std::string> uid_of_;
    std::map<std::string, std::string> id_of_version_;
    std::set<std::string> removed_;
    std::uint64_t next_file_ = 0;
    std::uint64_t next_version_ = 0;
};

}  // namespace kb::test
