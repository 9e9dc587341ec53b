// The `shouhu aid` commands against the generated aid mocks: the requests sent (fields,
// fen amounts, request ids, versions), the rendering in both languages and the argument
// errors caught before any call.
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "unit/cli/aid_command_fixture.h"

namespace shouhu::cli {
namespace {

TEST_F(AidCommandTest, RegisterReadsTheJsonAndSendsTheCaseAndARequestId) {
  shouhu::testing::TempDir dir("cli-aid-register");
  const std::string path = dir.File("register.json");
  {
    std::ofstream f(path);
    f << R"({"applicant": {"name": "王某", "id_number": "520382199001011234"},
             "details": {"relation": "APPLICANT_RELATION_VICTIM",
                         "grounds": ["AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED"],
                         "compensation_received_fen": "150000"}})";
  }
  pb::RegisterApplicationRequest sent;
  EXPECT_CALL(aid_, RegisterApplication(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Application("aid-520382-a", 1)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "register", "case-520382-q", path}), kExitOk);
  EXPECT_EQ(sent.case_id(), "case-520382-q");
  EXPECT_EQ(sent.channel(), pb::APPLICATION_CHANNEL_ON_APPLICATION);
  EXPECT_EQ(sent.applicant().name(), "王某");
  EXPECT_EQ(sent.details().relation(), pb::APPLICANT_RELATION_VICTIM);
  EXPECT_EQ(sent.details().compensation_received_fen(), 150000);
  EXPECT_EQ(sent.request_id().size(), 24u);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("救助申请已受理"));
  EXPECT_THAT(out_.str(), HasSubstr("aid-520382-a"));
  EXPECT_THAT(err_.str(), HasSubstr("请求编号：" + request_id_));
}

TEST_F(AidCommandTest, RegisterRejectsJsonWithUnknownFieldsWithoutACall) {
  shouhu::testing::TempDir dir("cli-aid-register-bad");
  const std::string path = dir.File("bad.json");
  {
    std::ofstream f(path);
    f << R"({"applicant": {"name": "王某"}, "amount_yuan": 12})";
  }
  EXPECT_CALL(aid_, RegisterApplication(_, _, _)).Times(0);
  EXPECT_EQ(Run({"aid", "register", "case-1", path}), kExitUsage);
  EXPECT_THAT(err_.str(), HasSubstr("不是有效的 RegisterApplicationRequest JSON"));
}

TEST_F(AidCommandTest, ProposeGrantReadsTheVersionAndSendsFen) {
  pb::GetApplicationRequest got;
  pb::ProposeDecisionRequest sent;
  EXPECT_CALL(aid_, GetApplication(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { got = req; }),
                      SetArgPointee<2>(Application("aid-1", 4)), Return(grpc::Status::OK)));
  EXPECT_CALL(aid_, ProposeDecision(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(Application("aid-1", 5)), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "propose", "aid-1", "--grant", "--months=12", "--minor_costs=1234.5",
                 "--ceiling=50,000", "--opinion=符合救助条件"}),
            kExitOk);
  EXPECT_EQ(got.application_id(), "aid-1");
  EXPECT_EQ(sent.version(), 4);
  EXPECT_EQ(sent.decision(), pb::DECISION_KIND_GRANT);
  EXPECT_EQ(sent.amount().months(), 12);
  EXPECT_EQ(sent.amount().minor_costs_fen(), 123450);
  EXPECT_EQ(sent.amount().court_award_ceiling_fen(), 5000000);
  EXPECT_EQ(sent.opinion(), "符合救助条件");
  EXPECT_EQ(sent.exclusion_reasons_size(), 0);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("已提出处理意见"));
}

TEST_F(AidCommandTest, ProposeRefuseWithGivenVersionSendsTheExclusions) {
  pb::ProposeDecisionRequest sent;
  EXPECT_CALL(aid_, GetApplication(_, _, _)).Times(0);
  EXPECT_CALL(aid_, ProposeDecision(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "propose", "aid-2", "--refuse", "--exclusion=major-fault,本案已获救助",
                 "--opinion=有重大过错", "--version=7", "--request_id=retry-aid-000001"}),
            kExitOk);
  EXPECT_EQ(sent.version(), 7);
  EXPECT_EQ(sent.decision(), pb::DECISION_KIND_REFUSE);
  EXPECT_THAT(sent.exclusion_reasons(),
              ElementsAre(pb::EXCLUSION_REASON_MAJOR_FAULT, pb::EXCLUSION_REASON_ALREADY_AIDED));
  EXPECT_FALSE(sent.has_amount());
  EXPECT_EQ(sent.request_id(), "retry-aid-000001");
}

TEST_F(AidCommandTest, ReviewReturnAndDecideWithAChangedAmount) {
  pb::ApprovalRequest review, decide;
  EXPECT_CALL(aid_, ReviewProposal(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { review = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "review", "aid-3", "--return", "--opinion=材料不全", "--version=2"}),
            kExitOk);
  EXPECT_EQ(review.outcome(), pb::APPROVAL_OUTCOME_RETURN);
  EXPECT_EQ(review.opinion(), "材料不全");
  EXPECT_EQ(review.version(), 2);
  EXPECT_FALSE(review.has_amount());
  EXPECT_THAT(out_.str(), HasSubstr("部门负责人审核已记录"));

  EXPECT_CALL(aid_, DecideApplication(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { decide = req; }),
                      Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "decide", "aid-3", "--agree", "--document=仁检救决〔2026〕3号",
                 "--months=10", "--amount_reason=家庭收入已核实", "--version=5"}),
            kExitOk);
  EXPECT_EQ(decide.outcome(), pb::APPROVAL_OUTCOME_AGREE);
  EXPECT_EQ(decide.document_ref(), "仁检救决〔2026〕3号");
  EXPECT_EQ(decide.amount().months(), 10);
  EXPECT_EQ(decide.amount_reason(), "家庭收入已核实");
  EXPECT_EQ(decide.version(), 5);
  EXPECT_NE(decide.request_id(), review.request_id());
}

pb::Application RichApplication() {
  pb::Application a;
  a.set_application_id("aid-520382-r");
  a.set_status(pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION);
  a.set_channel(pb::APPLICATION_CHANNEL_EX_OFFICIO);
  a.set_case_id("case-520382-q");
  a.mutable_applicant()->set_name("王*");
  a.mutable_applicant()->set_id_number("5203**********1234");
  a.mutable_details()->set_household_registration("贵州省****");
  a.mutable_details()->set_victim_minor(true);
  a.mutable_decision_due_on()->set_year(2026);
  a.mutable_decision_due_on()->set_month(11);
  a.mutable_decision_due_on()->set_day(20);
  a.set_decision_overdue(true);
  pb::AmountComputation* c = a.mutable_amount();
  c->set_monthly_wage_fen(800000);
  c->set_months(12);
  c->set_base_fen(9600000);
  c->set_total_fen(9600000);
  c->set_amount_fen(9600000);
  c->set_committee_required(true);
  c->add_explanation("基数 8,000.00元 × 12个月 = 96,000.00元");
  pb::EligibilityResult* e = a.mutable_eligibility();
  e->set_rule_set_version("2021-detailed-rules.1");
  e->set_eligible(true);
  pb::RuleOutcome* o = e->add_outcomes();
  o->set_rule_id("ground.serious_injury");
  o->set_kind(pb::RuleOutcome::KIND_SITUATION);
  o->set_matched(true);
  o->set_reason("被害人重伤且无法获得赔偿");
  o->set_reason_en("Serious injury without compensation");
  pb::RuleOutcome* x = e->add_outcomes();
  x->set_rule_id("exclusion.major_fault");
  x->set_kind(pb::RuleOutcome::KIND_EXCLUSION);
  x->set_matched(false);
  x->set_reason("无重大过错");
  x->set_reason_en("No major fault");
  pb::ApprovalRecord* r = a.add_approvals();
  r->set_round(1);
  r->set_step(pb::APPROVAL_STEP_HEAD_REVIEW);
  r->set_outcome(pb::APPROVAL_OUTCOME_AGREE);
  r->mutable_actor()->set_principal("li");
  r->set_actor_title("deputy_chief_procurator");
  r->set_previous_amount_fen(10000000);
  r->set_amount_fen(9600000);
  r->set_amount_reason("核减");
  a.mutable_emergency()->set_amount_fen(500000);
  a.mutable_emergency()->set_paperwork_overdue(true);
  a.mutable_emergency()->mutable_paperwork_due_on()->set_year(2026);
  a.mutable_emergency()->mutable_paperwork_due_on()->set_month(11);
  a.mutable_emergency()->mutable_paperwork_due_on()->set_day(1);
  a.set_version(9);
  return a;
}

TEST_F(AidCommandTest, ShowRendersCardEligibilityAmountAndChainInChinese) {
  EXPECT_CALL(aid_, GetApplication(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(RichApplication()), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "show", "aid-520382-r"}), kExitOk);
  const std::string out = out_.str();
  for (const char* want : {"待检察长决定",
                           "依职权",
                           "王*",
                           "5203**********1234",
                           "贵州省****",
                           "2026-11-20（已超期）",
                           "先行救助",
                           "5,000.00 元",
                           "救助金额计算",
                           "96,000.00 元",
                           "须检察长办公会研究",
                           "基数 8,000.00元 × 12个月",
                           "救助条件审查",
                           "符合救助条件",
                           "ground.serious_injury",
                           "被害人重伤且无法获得赔偿",
                           "不符合",
                           "审批流程",
                           "部门负责人审核",
                           "同意",
                           "副检察长",
                           "100,000.00 → 96,000.00 (核减)"}) {
    EXPECT_THAT(out, HasSubstr(want));
  }
  EXPECT_THAT(out, Not(HasSubstr("Serious injury")));
  EXPECT_THAT(out, Not(HasSubstr("520382199001011234")));
}

TEST_F(AidCommandTest, ShowRendersInEnglish) {
  EXPECT_CALL(aid_, GetApplication(_, _, _))
      .WillOnce(DoAll(SetArgPointee<2>(RichApplication()), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "show", "aid-520382-r", "--lang=en"}), kExitOk);
  const std::string out = out_.str();
  for (const char* want :
       {"Pending chief's decision", "Ex officio", "2026-11-20 (Overdue)", "96,000.00 yuan",
        "Eligibility", "Serious injury without compensation", "not matched", "Approval chain",
        "Head review", "Agree", "Deputy chief procurator", "committee decides"}) {
    EXPECT_THAT(out, HasSubstr(want));
  }
  EXPECT_THAT(out, Not(HasSubstr("被害人重伤")));
}

TEST_F(AidCommandTest, PaySendsTheInstalmentAndFen) {
  pb::RecordPaymentRequest sent;
  pb::Payment paid;
  paid.set_payment_id("pay-520382-p");
  paid.set_amount_fen(1234550);
  paid.set_status(pb::PAYMENT_STATUS_PAID);
  paid.set_reconciliation(pb::RECONCILIATION_STATUS_PENDING);
  EXPECT_CALL(disbursements_, RecordPayment(_, _, _))
      .Times(2)
      .WillRepeatedly(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                            SetArgPointee<2>(paid), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "pay", "disb-520382-d", "2", "--amount=12345.50", "--voucher=记-0042",
                 "--bank_ref=BK20261201001", "--on=2026-12-01"}),
            kExitOk);
  EXPECT_EQ(sent.disbursement_id(), "disb-520382-d");
  EXPECT_EQ(sent.instalment_sequence(), 2);
  EXPECT_EQ(sent.amount_fen(), 1234550);
  EXPECT_EQ(sent.voucher_number(), "记-0042");
  EXPECT_EQ(sent.bank_reference(), "BK20261201001");
  EXPECT_EQ(sent.paid_on().day(), 1);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("付款已记录"));
  EXPECT_THAT(out_.str(), HasSubstr("12,345.50 元"));
  EXPECT_THAT(out_.str(), HasSubstr("待对账"));

  EXPECT_EQ(Run({"aid", "pay", "disb-520382-d", "2", "--amount=12345.50", "--voucher=V",
                 "--bank_ref=B", "--lang=en"}),
            kExitOk);
  EXPECT_THAT(out_.str(), HasSubstr("Payment recorded."));
  EXPECT_THAT(out_.str(), HasSubstr("12,345.50 yuan"));
  EXPECT_THAT(out_.str(), HasSubstr("Pending"));
  EXPECT_GT(sent.paid_on().year(), 2000);  // Today by default.
}

TEST_F(AidCommandTest, StatementImportSendsTheCsvAndPeriod) {
  shouhu::testing::TempDir dir("cli-aid-statement");
  const std::string path = dir.File("statement.csv");
  const std::string csv = "date,bank_reference,amount\n2026-11-03,BK1,1234.50\n";
  {
    std::ofstream f(path);
    f << csv;
  }
  pb::ImportBankStatementRequest sent;
  pb::ImportBankStatementResponse resp;
  resp.set_statement_id("stm-520382-s");
  resp.set_matched(3);
  resp.set_amount_differs(1);
  pb::StatementLine* line = resp.add_lines();
  line->set_line_number(4);
  line->set_bank_reference("BK4");
  line->set_amount_fen(100000);
  line->set_expected_fen(120000);
  line->set_result(pb::STATEMENT_LINE_RESULT_AMOUNT_DIFFERS);
  resp.add_missing_payment_ids("pay-520382-m");
  EXPECT_CALL(recon_, ImportBankStatement(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(resp), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "statement-import", path, "--account=救助专户", "--from=2026-11-01",
                 "--to=2026-11-30"}),
            kExitOk);
  EXPECT_EQ(sent.csv(), csv);
  EXPECT_EQ(sent.account_label(), "救助专户");
  EXPECT_EQ(sent.period_from().day(), 1);
  EXPECT_EQ(sent.period_to().day(), 30);
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("匹配 3，金额不符 1"));
  EXPECT_THAT(out_.str(), HasSubstr("1,200.00"));
  EXPECT_THAT(out_.str(), HasSubstr("pay-520382-m"));
}

pb::GetAidStatisticsResponse Statistics() {
  pb::GetAidStatisticsResponse resp;
  resp.set_suppression_threshold(5);
  pb::AidStatisticsRow* big = resp.add_rows();
  big->set_group_key("dept-1");
  big->set_group_label("第七检察部");
  big->set_applications_accepted(12);
  big->set_amount_paid_fen(34567800);
  big->set_ex_officio_share_bp(2550);
  pb::AidStatisticsRow* small = resp.add_rows();
  small->set_group_key("dept-2");
  small->set_group_label("第二检察部");
  small->set_suppressed(true);
  resp.mutable_total()->set_applications_accepted(15);
  resp.mutable_total()->set_amount_paid_fen(40000000);
  return resp;
}

TEST_F(AidCommandTest, StatsSendsTheWholePeriodAndMarksSuppressedRows) {
  pb::GetAidStatisticsRequest sent;
  EXPECT_CALL(stats_, GetAidStatistics(_, _, _))
      .Times(2)
      .WillRepeatedly(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                            SetArgPointee<2>(Statistics()), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "stats", "--period=quarter", "--year=2026", "--number=3",
                 "--group_by=department"}),
            kExitOk);
  EXPECT_EQ(sent.period(), pb::STATS_PERIOD_QUARTER);
  EXPECT_EQ(sent.year(), 2026);
  EXPECT_EQ(sent.number(), 3);
  EXPECT_EQ(sent.group_by(), pb::STATS_GROUP_BY_DEPARTMENT);
  const std::string zh = out_.str();
  EXPECT_THAT(zh, HasSubstr("第七检察部"));
  EXPECT_THAT(zh, HasSubstr("345,678.00"));
  EXPECT_THAT(zh, HasSubstr("25.50%"));
  EXPECT_THAT(zh, HasSubstr("<5"));
  EXPECT_THAT(zh, HasSubstr("合计"));
  EXPECT_THAT(zh, HasSubstr("为保护个人信息已隐去"));

  EXPECT_EQ(Run({"aid", "stats", "--period=year", "--year=2026", "--lang=en"}), kExitOk);
  EXPECT_EQ(sent.period(), pb::STATS_PERIOD_YEAR);
  EXPECT_EQ(sent.number(), 0);
  EXPECT_THAT(out_.str(), HasSubstr("Total"));
  EXPECT_THAT(out_.str(), HasSubstr("withheld"));
}

TEST_F(AidCommandTest, SuggestSendsTheDisclosureAsStructuredFields) {
  pb::IssueSuggestionRequest sent;
  pb::Suggestion s;
  s.set_suggestion_id("sug-520382-g");
  s.set_status(pb::SUGGESTION_STATUS_ISSUED);
  s.set_measure(pb::MEASURE_KIND_MINIMUM_LIVING);
  s.set_identity_disclosed(true);
  s.set_disclosure_purpose("办理低保");
  EXPECT_CALL(social_, IssueSuggestion(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      SetArgPointee<2>(s), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "suggest", "case-520382-q", "--agency=civil-renhuai",
                 "--measure=minimum-living", "--content=建议纳入低保", "--person=person-9",
                 "--disclose=办理低保", "--due=2026-12-10"}),
            kExitOk);
  EXPECT_EQ(sent.case_id(), "case-520382-q");
  EXPECT_EQ(sent.agency_code(), "civil-renhuai");
  EXPECT_EQ(sent.measure(), pb::MEASURE_KIND_MINIMUM_LIVING);
  EXPECT_EQ(sent.content(), "建议纳入低保");
  EXPECT_TRUE(sent.disclose_identity());
  EXPECT_EQ(sent.disclosure_purpose(), "办理低保");
  EXPECT_EQ(sent.reply_due_on().day(), 10);
  EXPECT_TRUE(sent.suggestion_id().empty());
  EXPECT_THAT(out_.str(), HasSubstr("社会救助建议已发送"));
  EXPECT_THAT(out_.str(), HasSubstr("已向单位披露身份（用途：办理低保）"));
}

TEST_F(AidCommandTest, AddressedListsAndShowsTheAgencyView) {
  pb::ListAddressedSuggestionsRequest listed;
  pb::ListAddressedSuggestionsResponse page;
  pb::AgencySuggestion* s = page.add_suggestions();
  s->set_suggestion_id("sug-520382-g");
  s->set_status(pb::SUGGESTION_STATUS_ISSUED);
  s->set_measure(pb::MEASURE_KIND_COUNSELLING);
  s->set_issuing_procuratorate("仁怀市人民检察院");
  s->set_overdue(true);
  s->mutable_reply_due_on()->set_year(2026);
  s->mutable_reply_due_on()->set_month(12);
  s->mutable_reply_due_on()->set_day(8);
  EXPECT_CALL(social_, ListAddressedSuggestions(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { listed = req; }),
                      SetArgPointee<2>(page), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "addressed", "--status=issued", "--overdue"}), kExitOk);
  EXPECT_EQ(listed.status(), pb::SUGGESTION_STATUS_ISSUED);
  EXPECT_TRUE(listed.overdue_only());
  EXPECT_THAT(out_.str(), HasSubstr("仁怀市人民检察院"));
  EXPECT_THAT(out_.str(), HasSubstr("心理疏导"));
  EXPECT_THAT(out_.str(), HasSubstr("2026-12-08（已超期）"));

  pb::AgencySuggestion one = *s;
  one.mutable_person()->set_name("李某");
  one.mutable_person()->set_phone("13800000000");
  pb::GetAddressedSuggestionRequest got;
  EXPECT_CALL(social_, GetAddressedSuggestion(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { got = req; }),
                      SetArgPointee<2>(one), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "addressed", "sug-520382-g", "--lang=en"}), kExitOk);
  EXPECT_EQ(got.suggestion_id(), "sug-520382-g");
  EXPECT_THAT(out_.str(), HasSubstr("Counselling"));
  EXPECT_THAT(out_.str(), HasSubstr("13800000000"));
}

TEST_F(AidCommandTest, WageSetSendsTheProvinceYearAndFen) {
  pb::UpsertWageEntryRequest sent;
  EXPECT_CALL(config_, UpsertWageEntry(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Invoke([](auto*, const auto& req, pb::WageEntry* out) {
                        *out = req.entry();
                        return grpc::Status::OK;
                      })));
  EXPECT_EQ(Run({"aid", "wage-set", "520000", "2025", "--wage=8,123.45",
                 "--source=贵州省2025年统计公报", "--basis=城镇非私营单位在岗职工"}),
            kExitOk);
  EXPECT_EQ(sent.entry().province_code(), "520000");
  EXPECT_EQ(sent.entry().year(), 2025);
  EXPECT_EQ(sent.entry().monthly_wage_fen(), 812345);
  EXPECT_EQ(sent.entry().source(), "贵州省2025年统计公报");
  EXPECT_EQ(sent.entry().basis(), "城镇非私营单位在岗职工");
  EXPECT_EQ(sent.request_id(), request_id_);
  EXPECT_THAT(out_.str(), HasSubstr("月平均工资已保存"));
  EXPECT_THAT(out_.str(), HasSubstr("8,123.45 元"));
}

TEST_F(AidCommandTest, ListJsonUsesProtoFieldNamesAndPages) {
  pb::ListApplicationsResponse first, second;
  *first.add_applications() = Application("aid-a", 1);
  first.set_next_page_token("t2");
  *second.add_applications() = Application("aid-b", 1);
  std::vector<std::string> tokens;
  EXPECT_CALL(aid_, ListApplications(_, _, _))
      .WillOnce(
          DoAll(Invoke([&](auto*, const auto& req, auto*) { tokens.push_back(req.page_token()); }),
                SetArgPointee<2>(first), Return(grpc::Status::OK)))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) {
                        tokens.push_back(req.page_token());
                        EXPECT_TRUE(req.overdue_only());
                        EXPECT_EQ(req.status(), pb::APPLICATION_STATUS_UNDER_REVIEW);
                      }),
                      SetArgPointee<2>(second), Return(grpc::Status::OK)));
  EXPECT_EQ(Run({"aid", "list", "--all", "--overdue", "--status=under-review", "--json"}), kExitOk);
  EXPECT_THAT(tokens, ElementsAre("", "t2"));
  EXPECT_THAT(out_.str(), HasSubstr("\"application_id\":\"aid-a\""));
  EXPECT_THAT(out_.str(), HasSubstr("\"application_id\":\"aid-b\""));
  EXPECT_THAT(err_.str(), Not(HasSubstr("请求编号")));
}

TEST_F(AidCommandTest, ServerErrorsAreReportedWithExitCodeOne) {
  EXPECT_CALL(disbursements_, GetDisbursement(_, _, _))
      .WillOnce(Return(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "other procuratorate")));
  EXPECT_CALL(disbursements_, RecordFundsArrived(_, _, _)).Times(0);
  EXPECT_EQ(Run({"aid", "funds-arrived", "disb-999999-x"}), kExitRpcError);
  EXPECT_THAT(err_.str(), HasSubstr("无权访问该记录"));
}

}  // namespace
}  // namespace shouhu::cli
