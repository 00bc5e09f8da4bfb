#include "scanner/checks/metadata.h"

#include <pugixml.hpp>

#include <array>
#include <optional>

#include "scanner/base/text.h"

namespace nhiscan::checks {

namespace {

struct FileKind {
  std::string_view suffix;
  std::string_view kind;
};

constexpr std::array<FileKind, 10> kFileKinds = {{
    {".connectedApp-meta.xml", "connected_app"},
    {".connectedApp", "connected_app"},
    {".eca-meta.xml", "external_client_app"},
    {".ecaGlblOauth-meta.xml", "external_client_app"},
    {".ecaOauth-meta.xml", "external_client_app"},
    {".ecaOauthPlcy-meta.xml", "external_client_app"},
    {".eca", "external_client_app"},
    {".ecaGlblOauth", "external_client_app"},
    {".ecaOauth", "external_client_app"},
    {".ecaOauthPlcy", "external_client_app"},
}};

// Positions of element values in the original text.
class Locator {
 public:
  Locator(const std::string& path, std::string_view content) : path_(path), lines_(content) {}

  std::optional<Located> Child(const pugi::xml_node& parent, const char* name) const {
    pugi::xml_node node = parent.child(name);
    if (!node) return std::nullopt;
    return At(node);
  }

  Located At(const pugi::xml_node& node) const {
    pugi::xml_node text = node.first_child();
    ptrdiff_t offset = text ? text.offset_debug() : node.offset_debug();
    size_t at = offset > 0 ? static_cast<size_t>(offset) : 0;
    return {Trim(node.text().get()), path_, lines_.LineOf(at), lines_.ColumnOf(at)};
  }

  static std::string Trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
  }

 private:
  const std::string& path_;
  LineIndex lines_;
};

std::string FileStem(const std::string& path, std::string_view suffix) {
  size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  return name.substr(0, name.size() - suffix.size());
}

void AddCallbackUrls(const Located& field, std::vector<Located>* out) {
  // callbackUrl may hold several URLs separated by newlines or commas.
  std::string_view value = field.value;
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && value[i] != '\n' && value[i] != ',' && value[i] != ' ') continue;
    if (i > start) {
      Located url = field;
      url.value = std::string(value.substr(start, i - start));
      out->push_back(std::move(url));
    }
    start = i + 1;
  }
}

void ReadConnectedApp(const pugi::xml_node& root, const Locator& at, AppConfig* app) {
  pugi::xml_node oauth = root.child("oauthConfig");
  app->consumer_key = at.Child(oauth, "consumerKey");
  app->consumer_secret = at.Child(oauth, "consumerSecret");
  app->client_credentials = at.Child(oauth, "isClientCredentialEnabled");
  app->run_as_user = at.Child(oauth, "oauthClientCredentialUser");
  app->secret_optional = at.Child(oauth, "isConsumerSecretOptional");
  for (pugi::xml_node scope : oauth.children("scopes")) app->scopes.push_back(at.At(scope));
  if (auto callback = at.Child(oauth, "callbackUrl")) AddCallbackUrls(*callback, &app->callback_urls);
  pugi::xml_node policy = root.child("oauthPolicy");
  app->refresh_policy = at.Child(policy, "refreshTokenPolicy");
  app->ip_relaxation = at.Child(policy, "ipRelaxation");
}

void ReadExternalClientApp(const pugi::xml_node& root, const Locator& at, AppConfig* app) {
  if (auto name = at.Child(root, "externalClientApplication"); name && !name->value.empty()) {
    app->name = name->value;
  }
  app->consumer_key = at.Child(root, "consumerKey");
  app->consumer_secret = at.Child(root, "consumerSecret");
  app->client_credentials = at.Child(root, "isClientCredentialsFlowEnabled");
  app->run_as_user = at.Child(root, "clientCredentialsFlowUser");
  app->secret_optional = at.Child(root, "isConsumerSecretOptional");
  app->refresh_policy = at.Child(root, "refreshTokenPolicyType");
  app->ip_relaxation = at.Child(root, "ipRelaxationPolicyType");
  if (auto callback = at.Child(root, "callbackUrl")) AddCallbackUrls(*callback, &app->callback_urls);
  if (auto scopes = at.Child(root, "commaSeparatedOauthScopes")) {
    std::string_view list = scopes->value;
    size_t start = 0;
    for (size_t i = 0; i <= list.size(); ++i) {
      if (i < list.size() && list[i] != ',') continue;
      Located scope = *scopes;
      scope.value = Locator::Trim(list.substr(start, i - start));
      if (!scope.value.empty()) app->scopes.push_back(std::move(scope));
      start = i + 1;
    }
  }
}

}  // namespace

std::optional<AppConfig> ParseAppMetadata(const std::string& path, std::string_view content) {
  const FileKind* kind = nullptr;
  for (const FileKind& k : kFileKinds) {
    if (EndsWith(path, k.suffix)) {
      kind = &k;
      break;
    }
  }
  if (kind == nullptr) return std::nullopt;
  pugi::xml_document doc;
  if (!doc.load_buffer(content.data(), content.size(), pugi::parse_default, pugi::encoding_utf8)) {
    return std::nullopt;
  }
  pugi::xml_node root = doc.document_element();
  Locator at(path, content);
  AppConfig app;
  app.kind = std::string(kind->kind);
  app.name = FileStem(path, kind->suffix);
  app.files.push_back(path);
  if (app.kind == "connected_app") {
    if (std::string_view(root.name()) != "ConnectedApp") return std::nullopt;
    ReadConnectedApp(root, at, &app);
  } else {
    ReadExternalClientApp(root, at, &app);
  }
  return app;
}

}  // namespace nhiscan::checks
