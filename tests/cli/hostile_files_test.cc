// Hostile file trees through the real binary: huge files and lines, NUL bytes, invalid UTF-8,
// UTF-16, symlink loops and links out of the tree, FIFOs and devices, unreadable files and
// folders, and file names built to break reports or terminals. Each asserts what is found and
// the exit status: never a crash, never a hang, never exit 0 when less was scanned than asked.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "tests/support/hostile.h"

namespace nhiscan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class HostileFilesTest : public ::testing::Test {
 protected:
  void SetUp() override { rules_ = config_.Write("rules.jsonc", HostileRules()); }

  std::string Token() { return synth_.Chars(kTokenAlphabet, 32); }

  CommandResult Scan(const std::vector<std::string>& paths, std::vector<std::string> extra = {},
                     bool without_override = false) {
    std::vector<std::string> args = {"scan"};
    args.insert(args.end(), paths.begin(), paths.end());
    args.insert(args.end(), {"--rules", rules_, "--color", "never", "--show-secrets"});
    args.insert(args.end(), extra.begin(), extra.end());
    if (!without_override) return RunNhiscan(args);
    std::vector<std::string> argv = {NHISCAN_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(WithoutFileOverride(argv), {});
  }

  Json ScanJson(const std::vector<std::string>& paths, std::vector<std::string> extra,
                CommandResult* result) {
    extra.insert(extra.end(), {"-f", "json"});
    *result = Scan(paths, extra);
    Json doc = ParseOrNull(result->out);
    EXPECT_TRUE(doc.is_object()) << Show(*result);
    return doc;
  }

  Synth synth_{2024};
  TempDir tree_, config_;
  std::string rules_;
};

TEST_F(HostileFilesTest, FiftyMegabyteSingleLineWithSecretsAtEveryBoundary) {
  // One line of 50 MB: tokens straddle the reader's 1 MiB pieces and the 8 MiB windows, and one
  // sits at the very end without a newline.
  std::string line(50u << 20, 'a');
  const std::vector<size_t> at = {(1u << 20) - 17, (8u << 20) - 20, (16u << 20) - 1,
                                  (24u << 20) + 5, line.size() - 36};
  std::vector<std::string> tokens;
  for (size_t offset : at) {
    tokens.push_back(Token());
    line.replace(offset, 36, "zzh_" + tokens.back());
  }
  tree_.Write("one-line.txt", line);
  line.clear();
  CommandResult r;
  Json doc = ScanJson({tree_.path()}, {}, &r);
  EXPECT_EQ(r.exit_code, 1) << Show(r);
  ASSERT_EQ(doc["findings"].size(), at.size()) << Show(r);
  for (size_t i = 0; i < at.size(); ++i) {
    EXPECT_EQ(doc["findings"][i]["secret"], tokens[i]);
    EXPECT_EQ(doc["findings"][i]["line"], 1);
    EXPECT_EQ(doc["findings"][i]["column"], at[i] + 5);  // 1-based, after "zzh_"
  }
  EXPECT_EQ(doc["stats"]["bytes"], 50u << 20);
  EXPECT_EQ(doc["stats"]["incomplete"], false);
}

TEST_F(HostileFilesTest, HugeFileOverTheSizeLimitIsCountedNotScanned) {
  const std::string big = tree_.Write("big.log", "zzh_" + Token() + "\n");
  ASSERT_EQ(::truncate(big.c_str(), 3LL << 30), 0);  // 3 GiB, sparse
  CommandResult r;
  Json doc = ScanJson({tree_.path()}, {}, &r);
  EXPECT_EQ(r.exit_code, 0) << Show(r);  // an explicit limit the user can see and change
  EXPECT_EQ(doc["stats"]["skipped"]["too_large"], 1);
}

TEST_F(HostileFilesTest, NulBytesInvalidUtf8AndUtf16) {
  const std::string late_nul = Token(), bad_utf8 = Token(), le = Token(), be = Token(),
                    no_bom = Token(), early_nul = Token();
  // A NUL after the binary probe does not hide what follows it.
  tree_.Write("late-nul.txt", std::string(9000, 'x') + std::string("\0\0", 2) + "\nzzh_" + late_nul);
  // Invalid UTF-8 around a token, even after a UTF-16 byte order mark (no NUL byte: not
  // UTF-16): found, columns count one per invalid byte.
  tree_.Write("bad-utf8.txt", "\xff\xfe\xc3\x28 \xe2\x82 zzh_" + bad_utf8 + " \xf8\x88\x80\x80\x80\n");
  auto utf16 = [](const std::string& ascii, bool little, bool bom) {
    std::string out = bom ? (little ? "\xff\xfe" : "\xfe\xff") : "";
    for (char c : ascii) out += little ? std::string{c, '\0'} : std::string{'\0', c};
    return out;
  };
  const std::string padding = "# exported by a Windows tool, in UTF-16 as they do\r\n";
  tree_.Write("le.ps1", utf16(padding + "$t = 'zzh_" + le + "'\r\n", true, true));
  tree_.Write("be.txt", utf16(padding + "zzh_" + be + "\n", false, true));
  tree_.Write("nobom.reg", utf16(padding + "\"t\"=\"zzh_" + no_bom + "\"\r\n", true, false));
  // A NUL in the first bytes: binary, skipped and counted (not a text file to read secrets in).
  tree_.Write("early-nul.bin", std::string("\x7f" "ELF\0\0", 6) + "zzh_" + early_nul);
  CommandResult r;
  Json doc = ScanJson({tree_.path()}, {}, &r);
  EXPECT_EQ(r.exit_code, 1) << Show(r);
  std::map<std::string, std::pair<std::string, int>> found;  // path -> (secret, line)
  for (const Json& f : doc["findings"]) found[f["path"]] = {f["secret"], f["line"]};
  EXPECT_EQ(found["late-nul.txt"], std::make_pair(late_nul, 2));
  EXPECT_EQ(found["bad-utf8.txt"], std::make_pair(bad_utf8, 1));
  EXPECT_EQ(found["le.ps1"], std::make_pair(le, 2));
  EXPECT_EQ(found["be.txt"], std::make_pair(be, 2));
  EXPECT_EQ(found["nobom.reg"], std::make_pair(no_bom, 2));
  EXPECT_EQ(found.count("early-nul.bin"), 0u);
  EXPECT_EQ(found.size(), 5u) << Show(r);
  EXPECT_EQ(doc["stats"]["skipped"]["binary"], 1);
  for (const Json& f : doc["findings"]) {
    if (f["path"] == "bad-utf8.txt") {
      EXPECT_EQ(f["column"], 12);  // 7 code points, then "zzh_"
    }
    if (f["path"] == "le.ps1") {
      EXPECT_EQ(f["column"], 11);
    }
  }
}

TEST_F(HostileFilesTest, SymlinkLoopsAndLinksOutOfTheTreeAreNotFollowed) {
  TempDir outside;
  outside.Write("secret.txt", "zzh_" + Token() + "\n");
  tree_.Write("plain.txt", "nothing here\n");
  fs::create_symlink(".", tree_.path() + "/self");
  fs::create_symlink(tree_.path() + "/b", tree_.path() + "/a");
  fs::create_symlink(tree_.path() + "/a", tree_.path() + "/b");
  fs::create_symlink(outside.path(), tree_.path() + "/outside-dir");
  fs::create_symlink(outside.path() + "/secret.txt", tree_.path() + "/outside-file");
  fs::create_symlink("/dev/zero", tree_.path() + "/zero");
  CommandResult r;
  Json doc = ScanJson({tree_.path()}, {}, &r);
  EXPECT_EQ(r.exit_code, 0) << Show(r);
  EXPECT_TRUE(doc["findings"].empty());
  EXPECT_EQ(doc["stats"]["skipped"]["symlink"], 6);
  EXPECT_EQ(doc["stats"]["files"], 1);

  // A looping link named on the command line cannot be scanned: an error, not a clean result.
  CommandResult loop = Scan({tree_.path() + "/a"});
  EXPECT_EQ(loop.exit_code, 2) << Show(loop);
  EXPECT_THAT(loop.err, HasSubstr("cannot scan"));
}

TEST_F(HostileFilesTest, FifosAndDevicesNeverBlockTheScan) {
  const std::string token = Token();
  tree_.Write("real.txt", "zzh_" + token + "\n");
  ASSERT_EQ(::mkfifo((tree_.path() + "/pipe").c_str(), 0644), 0);
  int devices = 0;
  if (::geteuid() == 0) {
    // A character device that would never end (/dev/zero) and one that would block (a tty).
    ASSERT_EQ(::mknod((tree_.path() + "/zero").c_str(), S_IFCHR | 0666, makedev(1, 5)), 0);
    ASSERT_EQ(::mknod((tree_.path() + "/tty").c_str(), S_IFCHR | 0666, makedev(5, 0)), 0);
    devices = 2;
  }
  CommandResult r;
  Json doc = ScanJson({tree_.path()}, {}, &r);
  EXPECT_EQ(r.exit_code, 1) << Show(r);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["secret"], token);
  EXPECT_EQ(doc["stats"]["skipped"]["special_file"], 1 + devices);

  // Named on the command line: skipped too, and nothing waits for a writer.
  for (const std::string& special : {tree_.path() + "/pipe", std::string("/dev/zero")}) {
    CommandResult named = Scan({special}, {"-f", "json"});
    EXPECT_EQ(named.exit_code, 0) << Show(named);
    EXPECT_EQ(ParseOrNull(named.out)["stats"]["skipped"]["special_file"], 1) << special;
  }
}

TEST_F(HostileFilesTest, UnreadableFilesAndFoldersMakeTheScanIncomplete) {
  tree_.Write("open.txt", "nothing\n");
  const std::string file = tree_.Write("locked.txt", "zzh_" + Token() + "\n");
  tree_.Write("closed/inner.txt", "zzh_" + Token() + "\n");
  ASSERT_EQ(::chmod(file.c_str(), 0), 0);
  ASSERT_EQ(::chmod((tree_.path() + "/closed").c_str(), 0), 0);
  // The temporary folders must be reachable by the unprivileged run.
  CommandResult r = Scan({tree_.path()}, {"-f", "json"}, /*without_override=*/true);
  ::chmod((tree_.path() + "/closed").c_str(), 0755);
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  Json doc = ParseOrNull(r.out);
  ASSERT_TRUE(doc.is_object()) << Show(r);
  EXPECT_EQ(doc["stats"]["incomplete"], true);
  std::vector<std::string> failed;
  for (const Json& e : doc["stats"]["errors"]) failed.push_back(e["path"]);
  EXPECT_THAT(failed, ::testing::UnorderedElementsAre("closed", "locked.txt"));
  EXPECT_THAT(r.err, HasSubstr("incomplete"));

  CommandResult text = Scan({tree_.path()}, {}, /*without_override=*/true);
  EXPECT_EQ(text.exit_code, 2) << Show(text);
  EXPECT_THAT(text.out, HasSubstr("INCOMPLETE"));
}

TEST_F(HostileFilesTest, HostileFileNamesAreEscapedInEveryFormat) {
  const std::vector<std::string> names = {
      "new\nline.txt", "quote\"s'and\\back.txt", "-rf.txt", "--help.txt",
      "bad\xff\xfe" "utf8.txt", "esc\x1b[2J\x1b]0;owned\x07.txt", "csi\xc2\x9b" "31m.txt",
      "tab\tand space.txt", "per%cent#hash?.txt"};
  std::map<std::string, std::string> tokens;
  for (const std::string& name : names) {
    tokens[name] = Token();
    tree_.Write(name, "zzh_" + tokens[name] + "\n");
  }
  // Text: one finding per file, every control byte escaped: no ESC, BEL, C1 or raw newline
  // inside a path, so nothing reaches the terminal as a command.
  CommandResult text = Scan({tree_.path()});
  EXPECT_EQ(text.exit_code, 1) << Show(text);
  EXPECT_EQ(text.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.out.find('\x07'), std::string::npos);
  EXPECT_EQ(text.out.find("\xc2\x9b"), std::string::npos);
  EXPECT_EQ(text.out.find('\xff'), std::string::npos);
  EXPECT_THAT(text.out, HasSubstr("new\\x0aline.txt"));
  EXPECT_THAT(text.out, HasSubstr("esc\\x1b[2J\\x1b]0;owned\\x07.txt"));
  EXPECT_THAT(text.out, HasSubstr("csi\\xc2\\x9b31m.txt"));
  EXPECT_THAT(text.out, HasSubstr("bad\\xff\\xfeutf8.txt"));
  for (const auto& [name, token] : tokens) EXPECT_THAT(text.out, HasSubstr(token)) << name;

  // JSON: valid, every name exact (invalid UTF-8 replaced by U+FFFD), every secret found.
  CommandResult json;
  Json doc = ScanJson({tree_.path()}, {}, &json);
  EXPECT_EQ(json.exit_code, 1) << Show(json);
  std::map<std::string, std::string> by_path;
  for (const Json& f : doc["findings"]) by_path[f["path"]] = f["secret"];
  ASSERT_EQ(by_path.size(), names.size());
  for (const auto& [name, token] : tokens) {
    const std::string shown =
        name.find('\xff') == std::string::npos ? name : "bad\xef\xbf\xbd\xef\xbf\xbdutf8.txt";
    EXPECT_EQ(by_path[shown], token) << shown;
  }

  // SARIF: valid, URIs percent-encoded.
  CommandResult sarif = Scan({tree_.path()}, {"-f", "sarif"});
  EXPECT_EQ(sarif.exit_code, 1) << Show(sarif);
  Json log = ParseOrNull(sarif.out);
  ASSERT_TRUE(log.is_object()) << Show(sarif);
  std::set<std::string> uris;
  for (const Json& result : log["runs"][0]["results"]) {
    uris.insert(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]);
  }
  EXPECT_TRUE(uris.count("new%0Aline.txt"));
  EXPECT_TRUE(uris.count("quote%22s%27and%5Cback.txt"));
  EXPECT_TRUE(uris.count("bad%FF%FEutf8.txt"));
  EXPECT_TRUE(uris.count("esc%1B%5B2J%1B%5D0%3Bowned%07.txt"));
  EXPECT_TRUE(uris.count("per%25cent%23hash%3F.txt"));
  EXPECT_TRUE(uris.count("-rf.txt"));

  // A name that looks like an option is scanned when given after "--".
  CommandResult dash = RunNhiscan(
      {"scan", "--rules", rules_, "-f", "json", "--show-secrets", "--", "-rf.txt"}, tree_.path());
  EXPECT_EQ(dash.exit_code, 1) << Show(dash);
  EXPECT_EQ(ParseOrNull(dash.out)["findings"][0]["secret"], tokens["-rf.txt"]);
}

}  // namespace
}  // namespace nhiscan::testing
