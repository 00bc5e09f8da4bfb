#include "scanner/match/value_checks.h"

#include <array>
#include <cctype>
#include <string>

#include "scanner/base/text.h"
#include "scanner/decode/base64.h"

namespace nhiscan::match {

namespace {

// Base64 of "<id>:<secret>", both parts printable and at least four characters long: the shape of
// OneSpan API keys and of HTTP Basic credentials.
bool IsBase64CredentialPair(std::string_view value) {
  auto decoded = decode::DecodeBase64(value);
  if (!decoded || decoded->size() < 10 || !decode::IsPrintableAscii(*decoded)) return false;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  return colon >= 4 && decoded->size() - colon - 1 >= 4;
}

// Lower-case fragments of values that generic (name-based) rules see assigned to password, secret
// and token names without them being secrets: the name itself or a word standing in for a value,
// test and fixture markers, references to a secret store, and hashes of passwords.
// Also "password" and "secret" in a few other languages, and the example credentials of RFC 6749
// (OAuth 2.0), which its many implementations quote in docstrings and tests.
constexpr std::array<std::string_view, 51> kNonSecretFragments = {
    "password",   "passwd",     "secret",     "token",      "test",       "fake",
    "mock",       "invalid",    "todo",       "fixme",      "lorem",      "foobar",
    "qwerty",     "letmein",    "changeit",   "default",    "username",   "localhost",
    "undefined",  "null",       "encrypted",  "masked",     "hidden",     "required",
    "optional",   "notset",     "unset",      "setme",      "abc123",     "123456",
    "anonymous",  "passwort",   "geheim",     "parole",     "contrase",   "wachtwoord",
    "senha",      "motdepasse", "pbkdf2_",    "argon2",     "bcrypt",     "sha256:",
    "sha512-",    "!vault",     "arn:aws:",   "vault:",     "s6bhdrkqt3", "gx1fbat3bv",
    "czzcagrsa3f0mzpnwdfmqmf0m2jw", "2yotnfzfejr1zcsicmwpaa", "tgzv3jokf0xg5qx2tlkwia"};

// Bytes of UTF-8 sequences count as letters: `Contraseña` and `Пароль` are words, not symbols.
bool IsLetterByte(unsigned char u) { return std::isalpha(u) || u >= 0x80; }

bool HasLetter(std::string_view v) {
  for (char c : v) if (IsLetterByte(static_cast<unsigned char>(c))) return true;
  return false;
}

// A digit, or a character that is neither a letter, a digit nor a word or path separator
// (`kadmin/server` is a path, not a password).
bool HasDigitOrSymbol(std::string_view v) {
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (std::isdigit(u)) return true;
    if (!IsLetterByte(u) && c != '_' && c != '-' && c != '.' && c != ' ' && c != '/') return true;
  }
  return false;
}

// `config.db.pw2`, `this.state.key1`, `DB_PASS_2`, `user_pw_2`: code and environment names, not
// values. A dotted path of identifiers, or words joined by underscores in one letter case.
bool LooksLikeIdentifierReference(std::string_view v) {
  bool dotted = v.find('.') != std::string_view::npos;
  bool underscored = v.find('_') != std::string_view::npos;
  bool upper = false, lower = false;
  bool at_start = true;
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    if (c == '.' || c == '_') {
      if (at_start) return false;  // `.5`, `__x`, `a..b`: not an identifier path
      at_start = (c == '.');
      continue;
    }
    if (!std::isalnum(u) && c != '$') return false;
    if (at_start && std::isdigit(u) && dotted) return false;  // `v1.2.3` is a version, not code
    at_start = false;
    upper |= std::isupper(u) != 0;
    lower |= std::islower(u) != 0;
  }
  if (dotted) return true;
  return underscored && !(upper && lower);
}

bool LooksLikePathOrUrl(std::string_view v) {
  if (StartsWith(v, "/") || StartsWith(v, "./") || StartsWith(v, "../") || StartsWith(v, "~/")) {
    return true;
  }
  return v.find("://") != std::string_view::npos;
}

// The value of a password, secret or token assignment that a generic rule found: not a word
// standing in for a value, not a code or environment reference, path, URL or password hash, and
// with at least one letter and one digit or symbol (so neither `Passwort`, `bearer`, `true` nor a
// port or an id).
bool IsGenericSecretValue(std::string_view value) {
  if (value.size() < 6) return false;
  std::string lower = ToLower(value);
  for (std::string_view fragment : kNonSecretFragments) {
    if (lower.find(fragment) != std::string::npos) return false;
  }
  if (!HasLetter(value) || !HasDigitOrSymbol(value)) return false;
  if (LooksLikeIdentifierReference(value) || LooksLikePathOrUrl(value)) return false;
  return true;
}

}  // namespace

bool IsKnownValueCheck(std::string_view name) {
  return name == "base64_credential_pair" || name == "generic_secret_value";
}

bool PassesValueCheck(std::string_view name, std::string_view value) {
  if (name == "base64_credential_pair") return IsBase64CredentialPair(value);
  if (name == "generic_secret_value") return IsGenericSecretValue(value);
  return false;
}

}  // namespace nhiscan::match
