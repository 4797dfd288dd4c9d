#include "hunspell_dictionary.h"

#include <map>

#include <hunspell/hunspell.hxx>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include "kb/util/utf8.h"

#include "word_case.h"

namespace kb::analysis {
namespace {

struct ConverterCloser {
    void operator()(UConverter* c) const noexcept { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, ConverterCloser>;

}  // namespace

struct HunspellDictionary::Impl {
    std::unique_ptr<Hunspell> hunspell;
    bool utf8 = true;
    Converter converter;  // dictionary encoding <-> UTF-16, when not UTF-8
    std::mutex mutex;     // guards hunspell and converter

    // UTF-8 -> dictionary encoding; nullopt for a character the encoding lacks.
    std::optional<std::string> encode(const std::string& utf8_word) {
        if (utf8) {
            return utf8_word;
        }
        const icu::UnicodeString u = icu::UnicodeString::fromUTF8(utf8_word);
        std::string out(static_cast<std::size_t>(u.length()) * 4 + 4, '\0');
        UErrorCode status = U_ZERO_ERROR;
        ucnv_resetFromUnicode(converter.get());
        const int32_t n =
            ucnv_fromUChars(converter.get(), out.data(), static_cast<int32_t>(out.size()),
                            u.getBuffer(), u.length(), &status);
        if (U_FAILURE(status)) {
            return std::nullopt;
        }
        out.resize(static_cast<std::size_t>(n));
        return out;
    }

    std::string decode(const std::string& word) {
        if (utf8) {
            return word;
        }
        std::u16string buffer(word.size() * 2 + 2, u'\0');
        UErrorCode status = U_ZERO_ERROR;
        ucnv_resetToUnicode(converter.get());
        const int32_t n =
            ucnv_toUChars(converter.get(), buffer.data(), static_cast<int32_t>(buffer.size()),
                          word.data(), static_cast<int32_t>(word.size()), &status);
        if (U_FAILURE(status)) {
            return {};
        }
        std::string out;
        icu::UnicodeString(buffer.data(), n).toUTF8String(out);
        return out;
    }
};

std::shared_ptr<HunspellDictionary> HunspellDictionary::get(const std::filesystem::path& directory,
                                                            const std::string& name) {
    static std::mutex registry_mutex;
    static std::map<std::string, std::weak_ptr<HunspellDictionary>> registry;
    const std::filesystem::path aff = directory / (name + ".aff");
    const std::filesystem::path dic = directory / (name + ".dic");
    const std::string key = aff.string();
    std::lock_guard lock(registry_mutex);
    if (auto existing = registry[key].lock()) {
        return existing;
    }
    std::error_code ec;
    if (!std::filesystem::exists(aff, ec) || !std::filesystem::exists(dic, ec)) {
        return nullptr;
    }
    auto dictionary = std::make_shared<HunspellDictionary>(aff, dic);
    dictionary->name_ = name;
    registry[key] = dictionary;
    return dictionary;
}

HunspellDictionary::HunspellDictionary(const std::filesystem::path& aff,
                                       const std::filesystem::path& dic)
    : impl_(std::make_unique<Impl>()) {
    impl_->hunspell = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
    const std::string encoding = impl_->hunspell->get_dict_encoding();
    impl_->utf8 = encoding == "UTF-8" || encoding == "utf-8" || encoding.empty();
    if (!impl_->utf8) {
        UErrorCode status = U_ZERO_ERROR;
        impl_->converter.reset(ucnv_open(encoding.c_str(), &status));
        if (U_FAILURE(status)) {
            impl_->converter.reset();
            impl_->utf8 = true;  // unknown encoding: lemmas of ASCII words still work
        } else {
            // Fail on unmappable characters instead of substituting '\x1a'.
            ucnv_setFromUCallBack(impl_->converter.get(), UCNV_FROM_U_CALLBACK_STOP, nullptr,
                                  nullptr, nullptr, &status);
            ucnv_setToUCallBack(impl_->converter.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                                nullptr, &status);
        }
    }
}

HunspellDictionary::~HunspellDictionary() = default;

std::vector<std::string> HunspellDictionary::lemmas(const std::string& word) {
    std::vector<std::string> stems;
    {
        std::lock_guard lock(impl_->mutex);
        const std::optional<std::string> encoded = impl_->encode(word);
        if (!encoded || encoded->empty()) {
            return {};
        }
        stems = impl_->hunspell->stem(*encoded);
        for (std::string& s : stems) {
            s = impl_->decode(s);
        }
    }
    std::vector<std::string> out;
    for (const std::string& s : stems) {
        if (s.empty() || !util::is_valid_utf8(s)) {
            continue;
        }
        out.push_back(fold_case(s));
    }
    return out;
}

}  // namespace kb::analysis
