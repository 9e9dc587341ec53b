// shouhu-token: issues a signed person token (ES256 JWT) and prints it on stdout.
//
//   shouhu-token --key=<private key PEM file> --sub=u-001 --name=张三
//       --procuratorate=520382 --department=第九检察部
//       --roles=caseworker,department_head --ttl_hours=720
//
// Agency staff (a person of a partner agency using the browser console):
//   shouhu-token --key=... --sub=s-edu-renhuai --name="仁怀市教育局 王老师"
//       --procuratorate=520382 --agency=edu-renhuai --roles=agency
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/base/file.h"
#include "common/token/token.h"

ABSL_FLAG(std::string, key, "", "Path of the EC P-256 private key (PEM) that signs tokens.");
ABSL_FLAG(std::string, sub, "", "User id (claim 'sub').");
ABSL_FLAG(std::string, name, "", "Display name (claim 'name').");
ABSL_FLAG(std::string, procuratorate, "", "Procuratorate code, the tenant (claim 'proc').");
ABSL_FLAG(std::string, department, "", "Department (claim 'dept').");
ABSL_FLAG(std::string, title, "",
          "Official title (claim 'title'), e.g. chief_procurator or deputy_chief_procurator.");
ABSL_FLAG(std::string, roles, "", "Comma-separated roles (claim 'roles').");
ABSL_FLAG(std::string, agency, "",
          "Agency staff: the partner agency code (claim 'agency'); needs --roles=agency alone.");
ABSL_FLAG(int, ttl_hours, 720, "Hours until the token expires.");

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "shouhu-token: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Issues a signed person token.\n"
      "  shouhu-token --key=key.pem --sub=u-001 --name=NAME --procuratorate=520382 "
      "--department=DEPT --roles=caseworker,department_head --ttl_hours=720\n"
      "Agency staff: --agency=CODE --roles=agency (the agency's procuratorate).");
  absl::ParseCommandLine(argc, argv);

  const std::string key_path = absl::GetFlag(FLAGS_key);
  if (key_path.empty()) return Fail("--key is required");
  if (absl::GetFlag(FLAGS_sub).empty()) return Fail("--sub is required");
  if (absl::GetFlag(FLAGS_procuratorate).empty()) return Fail("--procuratorate is required");
  const int ttl_hours = absl::GetFlag(FLAGS_ttl_hours);
  if (ttl_hours <= 0) return Fail("--ttl_hours must be positive");

  absl::StatusOr<std::string> pem = shouhu::ReadFile(key_path);
  if (!pem.ok()) return Fail(std::string(pem.status().message()));
  auto issuer = shouhu::TokenIssuer::FromPrivateKeyPem(*std::move(pem));
  if (!issuer.ok()) return Fail(absl::StrCat(key_path, ": ", issuer.status().message()));

  shouhu::Claims claims;
  claims.subject = absl::GetFlag(FLAGS_sub);
  claims.name = absl::GetFlag(FLAGS_name);
  claims.procuratorate = absl::GetFlag(FLAGS_procuratorate);
  claims.department = absl::GetFlag(FLAGS_department);
  claims.title = absl::GetFlag(FLAGS_title);
  claims.agency = absl::GetFlag(FLAGS_agency);
  for (absl::string_view role :
       absl::StrSplit(absl::GetFlag(FLAGS_roles), ',', absl::SkipWhitespace())) {
    claims.roles.emplace_back(absl::StripAsciiWhitespace(role));
  }
  claims.issued_at = absl::Now();
  claims.expires_at = claims.issued_at + absl::Hours(ttl_hours);

  absl::StatusOr<std::string> token = (*issuer)->Issue(claims);
  if (!token.ok()) return Fail(std::string(token.status().message()));
  std::printf("%s\n", token->c_str());
  return 0;
}
