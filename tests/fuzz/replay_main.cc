// kb_fuzz_replay TARGET PATH...: runs the fuzz target TARGET (text, html, xml, pdf, office,
// sidecar, query, params) once on every file under the PATHs (files or folders, recursively,
// in name order), as `fuzz_TARGET -runs=0 PATH...` does in a KB_FUZZ build. For builds
// without clang: CTest replays tests/data/fuzz-regressions and tests/fuzz/seeds with it, so
// every crash the fuzzers found stays fixed. A crash or an escaping exception fails the run.
// Each fuzz_TARGET.cc is compiled with LLVMFuzzerTestOneInput renamed to kb_fuzz_TARGET.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

extern "C" {
int kb_fuzz_text(const std::uint8_t* data, std::size_t size);
int kb_fuzz_html(const std::uint8_t* data, std::size_t size);
int kb_fuzz_xml(const std::uint8_t* data, std::size_t size);
int kb_fuzz_pdf(const std::uint8_t* data, std::size_t size);
int kb_fuzz_office(const std::uint8_t* data, std::size_t size);
int kb_fuzz_sidecar(const std::uint8_t* data, std::size_t size);
int kb_fuzz_query(const std::uint8_t* data, std::size_t size);
int kb_fuzz_params(const std::uint8_t* data, std::size_t size);
}

namespace {

using Target = int (*)(const std::uint8_t*, std::size_t);

constexpr struct {
    std::string_view name;
    Target run;
} kTargets[] = {
    {"text", kb_fuzz_text},   {"html", kb_fuzz_html},     {"xml", kb_fuzz_xml},
    {"pdf", kb_fuzz_pdf},     {"office", kb_fuzz_office}, {"sidecar", kb_fuzz_sidecar},
    {"query", kb_fuzz_query}, {"params", kb_fuzz_params},
};

std::vector<std::filesystem::path> files_under(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path)) {
            if (entry.is_regular_file()) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: kb_fuzz_replay TARGET PATH...\n";
        return 64;
    }
    const std::string_view name = argv[1];
    const auto* const target = std::find_if(std::begin(kTargets), std::end(kTargets),
                                            [&](const auto& t) { return t.name == name; });
    if (target == std::end(kTargets)) {
        std::cerr << "kb_fuzz_replay: unknown target " << name << "\n";
        return 64;
    }
    std::size_t count = 0;
    for (int i = 2; i < argc; ++i) {
        if (!std::filesystem::exists(argv[i])) {
            std::cerr << "kb_fuzz_replay: " << argv[i] << ": no such file or folder\n";
            return 66;
        }
        for (const std::filesystem::path& file : files_under(argv[i])) {
            std::ifstream in(file, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
            if (!in.good() && !in.eof()) {
                std::cerr << "kb_fuzz_replay: " << file.string() << ": cannot read\n";
                return 66;
            }
            std::cerr << "replay " << name << ": " << file.string() << "\n";
            target->run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            ++count;
        }
    }
    std::cout << "kb_fuzz_replay " << name << ": " << count << " inputs, no crash\n";
    return count == 0 ? 66 : 0;
}
