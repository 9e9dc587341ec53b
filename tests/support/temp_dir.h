// A private temporary directory per test: created with mkdtemp under $TMPDIR (or /tmp),
// removed with everything in it when the object goes away. Tests run as separate
// processes under `ctest -j`, and several checkouts may share the machine, so no test
// writes a fixed name in a shared directory.
#ifndef SHOUHU_TESTS_SUPPORT_TEMP_DIR_H_
#define SHOUHU_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>

namespace shouhu::testing {

class TempDir {
 public:
  // `tag` becomes part of the directory name, for whoever finds a leftover.
  explicit TempDir(const std::string& tag = "test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // The directory (no trailing slash); empty if it could not be created.
  const std::string& path() const { return path_; }
  // path()/name (not created).
  std::string File(const std::string& name) const;
  // Writes `contents` to path()/name and returns the path.
  std::string Write(const std::string& name, const std::string& contents) const;
  // Keeps the directory after destruction (for debugging a failed test).
  void Keep() { keep_ = true; }

 private:
  std::string path_;
  bool keep_ = false;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_TEMP_DIR_H_
