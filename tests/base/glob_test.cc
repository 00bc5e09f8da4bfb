#include "scanner/base/glob.h"

#include <gtest/gtest.h>

namespace nhiscan {
namespace {

TEST(GlobMatchTest, PatternWithoutSlashMatchesFileNameAtAnyDepth) {
  EXPECT_TRUE(GlobMatch("*.min.js", "app.min.js"));
  EXPECT_TRUE(GlobMatch("*.min.js", "a/b/c/app.min.js"));
  EXPECT_TRUE(GlobMatch("secrets.env", "config/prod/secrets.env"));
  EXPECT_FALSE(GlobMatch("secrets.env", "config/prod/secrets.env.bak"));
  EXPECT_FALSE(GlobMatch("*.js", "a/b/app.jsx"));
  EXPECT_TRUE(GlobMatch("?.txt", "dir/a.txt"));
  EXPECT_FALSE(GlobMatch("?.txt", "dir/ab.txt"));
}

TEST(GlobMatchTest, PatternWithoutSlashAlsoMatchesWholePath) {
  // '*' and '?' match '/' too, so a slash-free pattern can span folders of the whole path.
  EXPECT_TRUE(GlobMatch("src*.py", "src/tools/run.py"));
  EXPECT_TRUE(GlobMatch("a?b", "a/b"));
}

TEST(GlobMatchTest, BareFolderNameExcludesEverythingBelow) {
  EXPECT_TRUE(GlobMatch("node_modules", "node_modules/x/index.js"));
  EXPECT_TRUE(GlobMatch("node_modules", "web/node_modules/x/index.js"));
  EXPECT_FALSE(GlobMatch("node_modules", "web/node_modules_old/index.js"));
}

TEST(GlobMatchTest, PatternWithSlashMatchesOnlyRelativePath) {
  EXPECT_TRUE(GlobMatch("vendor/*", "vendor/lib.js"));
  EXPECT_TRUE(GlobMatch("vendor/*", "vendor/deep/er/lib.js"));  // '*' crosses '/'
  EXPECT_FALSE(GlobMatch("vendor/*", "src/vendor/lib.js"));
  EXPECT_TRUE(GlobMatch("docs/*.md", "docs/a/b.md"));
  EXPECT_FALSE(GlobMatch("docs/*.md", "docs/a/b.txt"));
  EXPECT_TRUE(GlobMatch("*/fixtures/*", "a/b/fixtures/c.json"));
}

TEST(GlobMatchTest, FolderPatternWithSlashExcludesItsTree) {
  EXPECT_TRUE(GlobMatch("docs/examples", "docs/examples/a/b.txt"));
  EXPECT_TRUE(GlobMatch("docs/examples/", "docs/examples/a.txt"));
  EXPECT_FALSE(GlobMatch("docs/examples", "docs/examples2/a.txt"));
  EXPECT_FALSE(GlobMatch("docs/examples", "other/docs/examples/a.txt"));
}

TEST(GlobMatchTest, ExactAndCharacterClasses) {
  EXPECT_TRUE(GlobMatch("Makefile", "Makefile"));
  EXPECT_FALSE(GlobMatch("Makefile", "makefile"));
  EXPECT_TRUE(GlobMatch("*.[ch]", "src/x.h"));
  EXPECT_FALSE(GlobMatch("*.[ch]", "src/x.cc"));
  EXPECT_TRUE(GlobMatch("*", ".env"));  // dot files are not special
}

TEST(AnyGlobMatchesTest, AnyOfSeveral) {
  EXPECT_FALSE(AnyGlobMatches({}, "a.txt"));
  EXPECT_TRUE(AnyGlobMatches({"*.png", "*.txt"}, "d/a.txt"));
  EXPECT_FALSE(AnyGlobMatches({"*.png", "*.jpg"}, "d/a.txt"));
}

}  // namespace
}  // namespace nhiscan
