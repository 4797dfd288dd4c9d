#include "query/stored_fields.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace kb::query {
namespace {

using Json = nlohmann::json;

// What nlohmann reads at `key`, the way the Searcher used to.
std::string tree_string(const Json& tree, const std::string& key) {
    const auto it = tree.find(key);
    return it != tree.end() && it->is_string() ? it->get<std::string>() : "";
}
std::vector<std::string> tree_list(const Json& tree, const std::string& key) {
    std::vector<std::string> out;
    const auto it = tree.find(key);
    if (it != tree.end() && it->is_array()) {
        for (const auto& v : *it) {
            if (v.is_string()) {
                out.push_back(v.get<std::string>());
            }
        }
    }
    return out;
}

TEST(StoredFields, ReadsWhatDocumentBuilderWrites) {
    const Json data = {{"id", "si/velenje.html"},
                       {"title", "Talent \"magnet\" \\ Velenje"},
                       {"text", "Prva vrstica\nDruga\tvrstica: možgani, мозак, 💡 \u0001 end"},
                       {"topics", {"brain-drain", "youth"}},
                       {"regions", Json::array()},
                       {"bytes", 1234},
                       {"language_confidence", 0.97},
                       {"description", nullptr}};
    for (const bool ascii : {false, true}) {
        for (const int indent : {-1, 2}) {
            const std::string text = data.dump(indent, ' ', ascii);
            const std::optional<StoredFields> fields = StoredFields::parse(text);
            ASSERT_TRUE(fields) << text;
            for (const auto& [key, value] : data.items()) {
                EXPECT_EQ(fields->string(key), tree_string(data, key)) << key << " in " << text;
                EXPECT_EQ(fields->list(key), tree_list(data, key)) << key << " in " << text;
            }
            EXPECT_EQ(fields->number("bytes", std::uint64_t{0}), 1234u);
            EXPECT_EQ(fields->number("bytes", std::int64_t{0}), 1234);
            EXPECT_DOUBLE_EQ(fields->number("language_confidence", 0.0), 0.97);
            EXPECT_THROW(fields->number("language_confidence", std::int64_t{-1}),
                         std::invalid_argument);
            EXPECT_THROW(fields->number("title", 2.5), std::invalid_argument);
            EXPECT_EQ(fields->number("description", 2.5), 2.5);  // null
            EXPECT_EQ(fields->number("missing", 2.5), 2.5);
            EXPECT_EQ(fields->string("missing"), "");
            EXPECT_TRUE(fields->list("title").empty());
            EXPECT_EQ(fields->string("topics"), "");
        }
    }
}

// Random objects of every JSON shape, dumped by nlohmann: the same answers as its parser.
TEST(StoredFields, AgreesWithNlohmannOnRandomObjects) {
    std::mt19937 random(11);
    const std::vector<std::string> pieces = {"a", "ž",     "\"", "\\",  "/", "\n", "\t", "\x01",
                                             "😀", "мозак", " ",  "\\u", "{", "[",  ",",  ":"};
    const auto text = [&] {
        std::string s;
        for (int n = static_cast<int>(random() % 12); n > 0; --n) {
            s += pieces[random() % pieces.size()];
        }
        return s;
    };
    const auto value = [&](int depth, auto& self) -> Json {
        switch (random() % 7) {
            case 0:
                return text();
            case 1:
                return static_cast<int>(random() % 2000) - 1000;
            case 2:
                return random() % 2 == 0;
            case 3:
                return nullptr;
            case 4:
                return 0.5 * static_cast<double>(random() % 100);
            case 5: {
                Json array = Json::array();
                for (int n = static_cast<int>(random() % 4); n > 0; --n) {
                    array.push_back(depth < 2 ? self(depth + 1, self) : Json(text()));
                }
                return array;
            }
            default: {
                Json object = Json::object();
                if (depth < 2) {
                    object[text()] = self(depth + 1, self);
                }
                return object;
            }
        }
    };
    int non_empty = 0;
    for (int round = 0; round < 2000; ++round) {
        Json data = Json::object();
        std::vector<std::string> keys;
        for (int n = static_cast<int>(random() % 6); n > 0; --n) {
            const std::string key =
                random() % 4 == 0 ? text() : std::string("k").append(std::to_string(n));
            data[key] = value(0, value);
            keys.push_back(key);
        }
        const std::string dumped = data.dump(random() % 2 == 0 ? -1 : 1, ' ', random() % 2 == 0);
        const std::optional<StoredFields> fields = StoredFields::parse(dumped);
        ASSERT_TRUE(fields) << dumped;
        for (const std::string& key : keys) {
            EXPECT_EQ(fields->string(key), tree_string(data, key)) << dumped;
            EXPECT_EQ(fields->list(key), tree_list(data, key)) << dumped;
            non_empty += !tree_string(data, key).empty();
        }
    }
    EXPECT_GT(non_empty, 400);  // not only empty answers
}

TEST(StoredFields, NotAnObjectIsNoFields) {
    for (const char* bad : {"", "[]", "\"text\"", "{", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}",
                            "{\"a\":\"b\"} x", "{\"a\":\"unterminated}", "42"}) {
        EXPECT_FALSE(StoredFields::parse(bad)) << bad;
    }
    const std::optional<StoredFields> empty = StoredFields::parse(" { } ");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->string("id"), "");
}

TEST(StoredFields, ABadEscapeEmptiesOnlyItsString) {
    const std::optional<StoredFields> fields =
        StoredFields::parse(R"({"id":"a\qb","title":"ok \ud83d\ude00","x":"\ud800"})");
    ASSERT_TRUE(fields);
    EXPECT_EQ(fields->string("id"), "");
    EXPECT_EQ(fields->string("title"), "ok 😀");
    EXPECT_EQ(fields->string("x"), "");  // a lone surrogate
}

}  // namespace
}  // namespace kb::query
