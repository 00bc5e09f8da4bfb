#include "scanner/checks/apex.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nhiscan::checks {
namespace {

const char kPath[] = "force-app/main/default/classes/OneSpanCallback.cls";

TEST(ChecksApexTest, SingleQuotedMappingWithClassAndPosition) {
  const std::string source =
      "/**\n"
      " * OneSpan Sign event listener.\n"
      " */\n"
      "@RestResource(urlMapping='/onespan/callback')\n"
      "global with sharing class OneSpanCallback {\n"
      "    @HttpPost global static void receive() {}\n"
      "}\n";
  auto found = FindRestResources(kPath, source);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].mapping.value, "/onespan/callback");
  EXPECT_EQ(found[0].mapping.path, kPath);
  EXPECT_EQ(found[0].mapping.line, 4u);
  EXPECT_EQ(found[0].mapping.column, 27u);  // after @RestResource(urlMapping='
  EXPECT_EQ(found[0].class_name, "OneSpanCallback");
}

TEST(ChecksApexTest, AnnotationIsCaseInsensitive) {
  for (const std::string annotation :
       {"@RestResource", "@restresource", "@RESTRESOURCE", "@restResource"}) {
    for (const std::string key : {"urlMapping", "URLMAPPING", "urlmapping"}) {
      const std::string source =
          annotation + "(" + key + "='/esl/v1')\nglobal class EslListener {}\n";
      auto found = FindRestResources(kPath, source);
      ASSERT_EQ(found.size(), 1u) << source;
      EXPECT_EQ(found[0].mapping.value, "/esl/v1");
      EXPECT_EQ(found[0].class_name, "EslListener");
    }
  }
}

TEST(ChecksApexTest, DoubleQuotesAndSpaces) {
  auto found = FindRestResources(
      kPath, "@RestResource ( urlMapping = \"/onespan/*\" )\nglobal   class   Wild {}\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].mapping.value, "/onespan/*");
  EXPECT_EQ(found[0].class_name, "Wild");

  found = FindRestResources(kPath,
                            "@RestResource(\n    urlMapping='/multi/line'\n)\n"
                            "global with sharing class MultiLine {}\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].mapping.value, "/multi/line");
  EXPECT_EQ(found[0].mapping.line, 2u);
  EXPECT_EQ(found[0].class_name, "MultiLine");
}

TEST(ChecksApexTest, ClassModifiersAndNewlines) {
  auto found = FindRestResources(kPath,
                                 "@RestResource(urlMapping='/a')\n"
                                 "global inherited sharing class\n    Spread_Name {}\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].class_name, "Spread_Name");
}

TEST(ChecksApexTest, SeveralResourcesInOneFile) {
  const std::string source =
      "@RestResource(urlMapping='/one')\nglobal class One {\n"
      "  // @RestResource(urlMapping='/commented') is still text to a scanner\n"
      "}\n"
      "@RestResource(urlMapping='/two/*')\nglobal class Two {}\n";
  auto found = FindRestResources(kPath, source);
  ASSERT_GE(found.size(), 2u);
  EXPECT_EQ(found.front().mapping.value, "/one");
  EXPECT_EQ(found.front().class_name, "One");
  EXPECT_EQ(found.back().mapping.value, "/two/*");
  EXPECT_EQ(found.back().mapping.line, 5u);
  EXPECT_EQ(found.back().class_name, "Two");
}

TEST(ChecksApexTest, NotAResource) {
  EXPECT_TRUE(FindRestResources(kPath, "global class Plain {}\n").empty());
  EXPECT_TRUE(FindRestResources(kPath, "@RestResource\nglobal class NoArgs {}\n").empty());
  EXPECT_TRUE(FindRestResources(kPath, "@RestResource(name='x')\nglobal class X {}\n").empty());
  EXPECT_TRUE(
      FindRestResources(kPath, "@RestResource(urlMapping=/bare)\nglobal class X {}\n").empty());
  EXPECT_TRUE(FindRestResources(kPath, "@RestResource(urlMapping='/unterminated").empty());
  EXPECT_TRUE(FindRestResources(kPath, "@RestResource(").empty());
  EXPECT_TRUE(FindRestResources(kPath, "").empty());
  // urlMapping after the closing parenthesis belongs to something else.
  EXPECT_TRUE(FindRestResources(kPath, "@RestResource()\nString urlMapping = '/x';\n").empty());
}

TEST(ChecksApexTest, ReadSfdxNamespace) {
  EXPECT_EQ(ReadSfdxNamespace("{\"namespace\": \"acmesign\", \"sourceApiVersion\": \"61.0\"}"),
            "acmesign");
  EXPECT_EQ(ReadSfdxNamespace("{\n  \"packageDirectories\": [{\"path\": \"force-app\"}],\n"
                              "  \"namespace\" :\n    \"esl\"\n}"),
            "esl");
  EXPECT_EQ(ReadSfdxNamespace("{\"namespace\": \"\"}"), "");
  EXPECT_EQ(ReadSfdxNamespace("{\"packageDirectories\": []}"), "");
  EXPECT_EQ(ReadSfdxNamespace("{\"namespace\": null}"), "");
  EXPECT_EQ(ReadSfdxNamespace(""), "");
  EXPECT_EQ(ReadSfdxNamespace("{\"namespace\": \"unterminated"), "");
}

TEST(ChecksApexTest, MappingMatchesLiteral) {
  EXPECT_TRUE(MappingMatches("/onespan/callback", "/onespan/callback"));
  EXPECT_FALSE(MappingMatches("/onespan/callback", "/onespan/callback/x"));
  EXPECT_FALSE(MappingMatches("/onespan/callback", "/onespan"));
  EXPECT_FALSE(MappingMatches("/onespan/callback", "/OneSpan/Callback"));  // case-sensitive
  EXPECT_FALSE(MappingMatches("/onespan/callback", "/acmesign/onespan/callback"));
  // A mapping without the leading '/' is read as if it had one.
  EXPECT_TRUE(MappingMatches("onespan/callback", "/onespan/callback"));
}

TEST(ChecksApexTest, MappingMatchesWildcards) {
  EXPECT_TRUE(MappingMatches("/onespan/*", "/onespan/callback"));
  EXPECT_TRUE(MappingMatches("/onespan/*", "/onespan/a/b/c"));
  EXPECT_TRUE(MappingMatches("/onespan/*", "/onespan/"));
  EXPECT_FALSE(MappingMatches("/onespan/*", "/other/callback"));
  EXPECT_TRUE(MappingMatches("/*/callback", "/v2/callback"));
  EXPECT_TRUE(MappingMatches("/*", "/anything/at/all"));
  EXPECT_FALSE(MappingMatches("/onespan/*", "/acmesign/onespan/callback"));
}

TEST(ChecksApexTest, MappingMatchesTreatsGlobCharactersLiterally) {
  EXPECT_TRUE(MappingMatches("/what?", "/what?"));
  EXPECT_FALSE(MappingMatches("/what?", "/whatX"));
  EXPECT_TRUE(MappingMatches("/a[bc]", "/a[bc]"));
  EXPECT_FALSE(MappingMatches("/a[bc]", "/ab"));
  EXPECT_TRUE(MappingMatches("/back\\slash", "/back\\slash"));
  EXPECT_FALSE(MappingMatches("/back\\slash", "/backslash"));
}

}  // namespace
}  // namespace nhiscan::checks
