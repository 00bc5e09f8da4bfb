#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scanner/inventory/identity.h"

namespace nhiscan::inventory {
namespace {

using Owners = std::vector<std::string>;

TEST(InventoryCodeOwnersTest, EmptyFileOwnsNothing) {
  CodeOwners none;
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(none.OwnersOf("a.txt").empty());
  CodeOwners comments("# only comments\n\n   \n# another\n");
  EXPECT_TRUE(comments.empty());
  EXPECT_TRUE(comments.OwnersOf("a.txt").empty());
}

TEST(InventoryCodeOwnersTest, DefaultOwnerAndLastMatchWins) {
  CodeOwners owners(
      "# Default owners\n"
      "*       @acme/platform\n"
      "\n"
      "*.cls   @acme/apex @lead   # Apex\n"
      "*-meta.xml  security@acme.test\n");
  EXPECT_FALSE(owners.empty());
  EXPECT_EQ(owners.OwnersOf("README.md"), (Owners{"@acme/platform"}));
  EXPECT_EQ(owners.OwnersOf("scripts/deploy.sh"), (Owners{"@acme/platform"}));
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/classes/Cb.cls"),
            (Owners{"@acme/apex", "@lead"}));
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/classes/Cb.cls-meta.xml"),
            (Owners{"security@acme.test"}));
}

TEST(InventoryCodeOwnersTest, LaterRuleOverridesEarlierEvenWhenLessSpecific) {
  CodeOwners owners(
      "force-app/main/default/connectedApps/ @acme/security\n"
      "* @acme/everyone\n");
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/connectedApps/X.connectedApp-meta.xml"),
            (Owners{"@acme/everyone"}));
}

TEST(InventoryCodeOwnersTest, AnchoredDirectory) {
  CodeOwners owners("/force-app/ @acme/sf\n/build/logs/ @logs\n");
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/classes/Cb.cls"), (Owners{"@acme/sf"}));
  EXPECT_EQ(owners.OwnersOf("force-app/x"), (Owners{"@acme/sf"}));
  EXPECT_TRUE(owners.OwnersOf("packages/force-app/main/x.cls").empty());
  EXPECT_TRUE(owners.OwnersOf("force-app-extra/x").empty());
  EXPECT_EQ(owners.OwnersOf("build/logs/a/b/c.log"), (Owners{"@logs"}));
  EXPECT_TRUE(owners.OwnersOf("other/build/logs/c.log").empty());
}

TEST(InventoryCodeOwnersTest, PatternWithAMiddleSlashIsAnchored) {
  CodeOwners owners("force-app/main @acme/sf\n");
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/classes/Cb.cls"), (Owners{"@acme/sf"}));
  EXPECT_TRUE(owners.OwnersOf("vendor/force-app/main/default/x.cls").empty());
}

TEST(InventoryCodeOwnersTest, UnanchoredDirectoryMatchesAtAnyDepth) {
  CodeOwners owners("connectedApps/ @acme/security\n");
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/connectedApps/X.connectedApp-meta.xml"),
            (Owners{"@acme/security"}));
  EXPECT_EQ(owners.OwnersOf("connectedApps/Y.connectedApp-meta.xml"), (Owners{"@acme/security"}));
  EXPECT_TRUE(owners.OwnersOf("force-app/main/default/classes/connectedApps.cls").empty());
}

TEST(InventoryCodeOwnersTest, UnanchoredNameMatchesFileOrDirectoryAtAnyDepth) {
  CodeOwners owners("scripts @ops\nsfdx-project.json @release\n");
  EXPECT_EQ(owners.OwnersOf("scripts/register_callback.sh"), (Owners{"@ops"}));
  EXPECT_EQ(owners.OwnersOf("tools/scripts/a.sh"), (Owners{"@ops"}));
  EXPECT_EQ(owners.OwnersOf("sfdx-project.json"), (Owners{"@release"}));
  EXPECT_EQ(owners.OwnersOf("pkg/sfdx-project.json"), (Owners{"@release"}));
  EXPECT_TRUE(owners.OwnersOf("myscripts/a.sh").empty());
}

TEST(InventoryCodeOwnersTest, GlobsStayWithinOneSegment) {
  // GitHub: "docs/*" matches docs/getting-started.md but not docs/build-app/troubleshooting.md.
  CodeOwners owners("docs/* docs@acme.test\n/config/*.json @config\n");
  EXPECT_EQ(owners.OwnersOf("docs/getting-started.md"), (Owners{"docs@acme.test"}));
  EXPECT_TRUE(owners.OwnersOf("docs/build-app/troubleshooting.md").empty());
  EXPECT_EQ(owners.OwnersOf("config/callback.json"), (Owners{"@config"}));
  EXPECT_TRUE(owners.OwnersOf("config/prod/callback.json").empty());
  EXPECT_TRUE(owners.OwnersOf("config/callback.yaml").empty());
}

TEST(InventoryCodeOwnersTest, ExtensionGlobMatchesAtAnyDepth) {
  CodeOwners owners("*.connectedApp-meta.xml @acme/security\n*.sh @ops\n");
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/connectedApps/X.connectedApp-meta.xml"),
            (Owners{"@acme/security"}));
  EXPECT_EQ(owners.OwnersOf("run.sh"), (Owners{"@ops"}));
  EXPECT_EQ(owners.OwnersOf("a/b/c/run.sh"), (Owners{"@ops"}));
  EXPECT_TRUE(owners.OwnersOf("a/b/run.sh.txt").empty());
}

TEST(InventoryCodeOwnersTest, DoubleStar) {
  CodeOwners owners("**/logs @logs\n/force-app/**/classes/ @apex\n");
  EXPECT_EQ(owners.OwnersOf("logs/a.log"), (Owners{"@logs"}));
  EXPECT_EQ(owners.OwnersOf("deeply/nested/logs/a.log"), (Owners{"@logs"}));
  EXPECT_EQ(owners.OwnersOf("force-app/main/default/classes/Cb.cls"), (Owners{"@apex"}));
  EXPECT_EQ(owners.OwnersOf("force-app/classes/Cb.cls"), (Owners{"@apex"}));
  EXPECT_TRUE(owners.OwnersOf("other/main/default/classes/Cb.cls").empty());
}

TEST(InventoryCodeOwnersTest, RuleWithoutOwnersUnownsAPath) {
  CodeOwners owners("/apps/ @octocat\n/apps/github\n");
  EXPECT_EQ(owners.OwnersOf("apps/web/index.js"), (Owners{"@octocat"}));
  EXPECT_TRUE(owners.OwnersOf("apps/github/index.js").empty());
}

TEST(InventoryCodeOwnersTest, PathsAreCaseSensitive) {
  CodeOwners owners("/Scripts/ @ops\n");
  EXPECT_TRUE(owners.OwnersOf("scripts/a.sh").empty());
  EXPECT_EQ(owners.OwnersOf("Scripts/a.sh"), (Owners{"@ops"}));
}

}  // namespace
}  // namespace nhiscan::inventory
