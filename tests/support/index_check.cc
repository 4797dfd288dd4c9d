#include "support/index_check.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace kb::test {
namespace {

namespace fs = std::filesystem;

// Term prefixes and stored fields of include/kb/index/schema.h.
const std::string kIdPrefix = "Q";
const std::string kUidPrefix = "xquid";
const std::string kVersionPrefix = "xqver";

std::set<std::string> terms_with_prefix(const Xapian::Database& db, const std::string& prefix) {
    std::set<std::string> out;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        out.insert(*it);
    }
    return out;
}

}  // namespace

IndexState read_index(const fs::path& index_dir,
                      const GeneratedFolder& folder,
                      std::vector<std::string>& problems) {
    IndexState state;
    const fs::path stub = index_dir / "XAPIANDB";
    if (!fs::exists(stub)) {
        return state;
    }
    state.exists = true;
    {
        std::ifstream in(stub);
        std::getline(in, state.stub);
    }
    const std::string generation = state.stub.substr(state.stub.find(' ') + 1);
    try {
        std::ostringstream report;
        const std::size_t errors =
            Xapian::Database::check((index_dir / generation).string(), 0, &report);
        if (errors > 0) {
            problems.push_back("Xapian's check of " + generation + ": " + std::to_string(errors) +
                               " errors: " + report.str());
        }
        const Xapian::Database db(index_dir.string());
        state.revision = db.get_revision();
        state.documents = db.get_doccount();
        std::map<Xapian::docid, std::string> id_of_docid;
        for (auto it = db.allterms_begin(kIdPrefix); it != db.allterms_end(kIdPrefix); ++it) {
            const std::string id = (*it).substr(kIdPrefix.size());
            if (it.get_termfreq() != 1) {
                problems.push_back(id + ": " + std::to_string(it.get_termfreq()) + " documents");
            }
            for (auto p = db.postlist_begin(*it); p != db.postlist_end(*it); ++p) {
                if (!id_of_docid.emplace(*p, id).second) {
                    problems.push_back("document " + std::to_string(*p) +
                                       " has two ids: " + id_of_docid[*p] + " and " + id);
                }
            }
        }
        if (id_of_docid.size() != state.documents) {
            problems.push_back(std::to_string(state.documents) + " documents but " +
                               std::to_string(id_of_docid.size()) + " with an id term");
        }
        for (const auto& [docid, id] : id_of_docid) {
            const auto uid = folder.uid_of().find(id);
            if (uid == folder.uid_of().end()) {
                problems.push_back(id + ": not a file the test wrote");
                continue;
            }
            const Xapian::PostingIterator p = db.postlist_begin(uid->second);
            if (db.get_termfreq(uid->second) != 1 || p == db.postlist_end(uid->second) ||
                *p != docid) {
                problems.push_back(id + ": its uid word " + uid->second + " is on " +
                                   std::to_string(db.get_termfreq(uid->second)) +
                                   " documents, not on its own only");
            }
            // Its one version word: the first term from "xqver" on, and no second one.
            Xapian::TermIterator t = db.termlist_begin(docid);
            t.skip_to(kVersionPrefix);
            std::string version;
            if (t != db.termlist_end(docid) && (*t).rfind(kVersionPrefix, 0) == 0) {
                version = *t;
                ++t;
                if (t != db.termlist_end(docid) && (*t).rfind(kVersionPrefix, 0) == 0) {
                    problems.push_back(id + ": two version words, " + version + " and " + *t);
                }
            }
            const auto owner = folder.id_of_version().find(version);
            if (owner == folder.id_of_version().end() || owner->second != id) {
                problems.push_back(id + ": version word '" + version + "' is not one of its own");
            }
            state.version_of[id] = version;
            const nlohmann::json data =
                nlohmann::json::parse(db.get_document(docid).get_data(), nullptr, false);
            if (!data.is_object() || data.value("id", "") != id ||
                data.value("text", "").find(version) == std::string::npos) {
                problems.push_back(id + ": stored data does not match its terms");
            }
        }
        state.uid_terms = terms_with_prefix(db, kUidPrefix);
        state.version_terms = terms_with_prefix(db, kVersionPrefix);
    } catch (const Xapian::Error& e) {
        problems.push_back(index_dir.string() + ": " + e.get_description());
    }
    return state;
}

void expect_exactly(const IndexState& state,
                    const GeneratedFolder& folder,
                    std::vector<std::string>& problems) {
    if (!state.exists) {
        problems.push_back("no index");
        return;
    }
    std::set<std::string> uids;
    std::set<std::string> versions;
    for (const auto& [id, file] : folder.files()) {
        uids.insert(file.uid);
        versions.insert(file.version);
        const auto held = state.version_of.find(id);
        if (held == state.version_of.end()) {
            problems.push_back(id + ": missing");
        } else if (held->second != file.version) {
            problems.push_back(id + ": at version " + held->second + ", not " + file.version);
        }
    }
    for (const auto& [id, version] : state.version_of) {
        if (folder.files().count(id) == 0) {
            problems.push_back(id + ": " +
                               (folder.removed().count(id) > 0 ? "deleted" : "unknown") +
                               " but indexed");
        }
    }
    if (state.documents != folder.files().size()) {
        problems.push_back(std::to_string(state.documents) + " documents, expected " +
                           std::to_string(folder.files().size()));
    }
    for (const std::string& term : state.version_terms) {
        if (versions.count(term) == 0) {
            problems.push_back("the old text's word " + term + " is still indexed");
        }
    }
    for (const std::string& term : state.uid_terms) {
        if (uids.count(term) == 0) {
            problems.push_back("the deleted file's word " + term + " is still indexed");
        }
    }
}

std::string describe(const std::vector<std::string>& problems, std::size_t max) {
    std::string out = std::to_string(problems.size()) + " problems";
    for (std::size_t i = 0; i < problems.size() && i < max; ++i) {
        out += "\n  ";
        out += problems[i];
    }
    return out;
}

}  // namespace kb::test
