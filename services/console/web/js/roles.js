// What a signed-in user is, from the session's user (the token's claims). Only decides
// which pages are offered; what a page shows is what the services allow the token.
export function roles(user) {
  return new Set((user && user.roles) || []);
}

export function isAgency(user) {
  const r = roles(user);
  return Boolean(user && user.agency) || r.has('agency') || r.has('agency_staff');
}

export function canDashboards(user) {
  const r = roles(user);
  return r.has('chief') || r.has('department_head') || r.has('analyst');
}

export function canWorkbench(user) {
  const r = roles(user);
  return r.has('caseworker') || r.has('department_head');
}

// 流程监控: the staff's deadlines and notices, the ledger for heads, the chief and analysts.
export function canOversight(user) {
  const r = roles(user);
  return r.has('caseworker') || r.has('department_head') || r.has('chief') || r.has('analyst');
}

export function homeRoute(user) {
  if (isAgency(user)) return ['portal'];
  if (roles(user).has('caseworker')) return ['workbench'];
  if (canDashboards(user)) return ['dashboard'];
  return ['home'];
}
