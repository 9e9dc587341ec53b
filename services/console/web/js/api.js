// The console's JSON API: /api/session, /auth/*, and /api/rpc/<package>.<Service>/<Method>
// (proto3 JSON). Same-origin cookies carry the session; every write carries the CSRF
// token from the session. Errors become ApiError with the server's code, message and field
// violations; a 401 calls the handler set by onUnauthorized (back to sign-in).
import { t } from './i18n.js';
import { PAGE_SIZE, collectPages } from './paging.js';

let csrfToken = '';
let unauthorizedHandler = null;

export class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message || code || String(status));
    this.name = 'ApiError';
    this.status = status;
    this.code = code || '';
    this.fields = Array.isArray(fields) ? fields : [];
  }
}

export function setCsrf(token) {
  csrfToken = token || '';
}

export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function request(method, url, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'UNAVAILABLE', t('error.network'));
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!response.ok) {
    const err = (data && data.error) || {};
    const error = new ApiError(response.status, err.code, err.message || t('error.http', {
      status: response.status,
    }), err.fields);
    if (response.status === 401 && unauthorizedHandler && !url.startsWith('/auth/login')) {
      unauthorizedHandler(error);
    }
    throw error;
  }
  return data;
}

export function getSession() {
  return request('GET', '/api/session');
}

export function login(token) {
  return request('POST', '/auth/login', { token });
}

export function logout() {
  return request('POST', '/auth/logout', {});
}

export function devIdentities() {
  return request('GET', '/api/dev/identities');
}

export function devLogin(id) {
  return request('POST', '/auth/dev-login', { id });
}

// rpc('shouhu.referral.v1.ReferralService/ListReferrals', {status: 'REFERRAL_STATUS_SUBMITTED'})
export function rpc(method, message) {
  return request('POST', `/api/rpc/${method}`, message || {});
}

// Every page of a list RPC (up to a cap): {items, truncated}. `field` is the response's
// repeated field, e.g. listAll(M.listReferrals, {assignedTo: id}, 'referrals').
export function listAll(method, message, field, cap) {
  return collectPages((pageToken) => rpc(method, { ...(message || {}), pageSize: PAGE_SIZE,
    pageToken }), field, cap);
}

// Request ids (idempotency keys): 8-64 chars of [A-Za-z0-9_-]. One per user action, so a
// retry of the same action (double click, network retry) is answered from the first result.
export function newRequestId(tag) {
  const bytes = new Uint8Array(12);
  window.crypto.getRandomValues(bytes);
  const random = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `web-${tag}-${random}`.slice(0, 64);
}

// The methods the pages call, in one place.
export const M = {
  listReferrals: 'shouhu.referral.v1.ReferralService/ListReferrals',
  getReferral: 'shouhu.referral.v1.ReferralService/GetReferral',
  submitReferral: 'shouhu.referral.v1.ReferralService/SubmitReferral',
  assignReferral: 'shouhu.referral.v1.ReferralService/AssignReferral',
  acceptReferral: 'shouhu.referral.v1.ReferralService/AcceptReferral',
  declineReferral: 'shouhu.referral.v1.ReferralService/DeclineReferral',
  requestInformation: 'shouhu.referral.v1.ReferralService/RequestInformation',
  supplementReferral: 'shouhu.referral.v1.ReferralService/SupplementReferral',
  getTimeline: 'shouhu.referral.v1.ReferralService/GetTimeline',
  referralStatistics: 'shouhu.referral.v1.ReferralService/GetReferralStatistics',
  listApplications: 'shouhu.aid.v1.AidApplicationService/ListApplications',
  aidStatistics: 'shouhu.aid.v1.AidStatisticsService/GetAidStatistics',
  listAddressedSuggestions: 'shouhu.aid.v1.SocialAidService/ListAddressedSuggestions',
  reportSuggestionOutcome: 'shouhu.aid.v1.SocialAidService/ReportSuggestionOutcome',
  listOrders: 'shouhu.guardianship.v1.GuardianshipOrderService/ListOrders',
  listAgencyOrders: 'shouhu.guardianship.v1.GuardianshipOrderService/ListAgencyOrders',
  orderStatistics: 'shouhu.guardianship.v1.GuardianshipOrderService/GetOrderStatistics',
  listAgencyEscalations: 'shouhu.guardianship.v1.EscalationService/ListAgencyEscalations',
  recordEscalationReply: 'shouhu.guardianship.v1.EscalationService/RecordEscalationReply',
  listDueVisits: 'shouhu.visit.v1.VisitPlanService/ListDueVisits',
  recordVisit: 'shouhu.visit.v1.VisitService/RecordVisit',
  getVisit: 'shouhu.visit.v1.VisitService/GetVisit',
  visitStatistics: 'shouhu.visit.v1.VisitService/GetVisitStatistics',
  listMyDeadlines: 'shouhu.oversight.v1.DeadlineWatchService/ListMyDeadlines',
  listDepartmentDeadlines: 'shouhu.oversight.v1.DeadlineWatchService/ListDepartmentDeadlines',
  listNotices: 'shouhu.oversight.v1.DeadlineWatchService/ListNotices',
  acknowledgeNotice: 'shouhu.oversight.v1.DeadlineWatchService/AcknowledgeNotice',
  monthlyLedger: 'shouhu.oversight.v1.DeadlineWatchService/GetMonthlyLedger',
  getCaseReview: 'shouhu.oversight.v1.QualityReviewService/GetCaseReview',
  rerunReview: 'shouhu.oversight.v1.QualityReviewService/RerunReview',
  listMyFindings: 'shouhu.oversight.v1.QualityReviewService/ListMyFindings',
  listDepartmentFindings: 'shouhu.oversight.v1.QualityReviewService/ListDepartmentFindings',
  appealFinding: 'shouhu.oversight.v1.QualityReviewService/AppealFinding',
  decideAppeal: 'shouhu.oversight.v1.QualityReviewService/DecideAppeal',
  reviewSummary: 'shouhu.oversight.v1.QualityReviewService/GetReviewSummary',
};
