// Where in the quality console (services/quality-console) each alert is explained: the alert
// e-mails link there. A contract between the alert mailer and the console's routes, kept here like
// the other cross-process contracts; test/e2e/console-links.e2e.test.ts opens every rule's link.

export interface AlertForLink {
  key: string;
  rule: string;
  branchId: string;
  figures: Record<string, string | number>;
}

const seg = encodeURIComponent;
const branchPage = (b: string, anchor = '') => `/branches/${seg(b)}${anchor}`;
const casePage = (b: string, caseId: string) => `/branches/${seg(b)}/cases/${seg(caseId)}`;

/** The console path (with query and anchor) that explains an alert. */
export function alertConsolePath(a: AlertForLink): string {
  const f = a.figures;
  const part = (i: number) => a.key.split('|')[i] ?? '';
  switch (a.rule) {
    case 'detractor-comment':
      return `/callbacks?${new URLSearchParams({ branch: a.branchId, status: 'all' })}`;
    case 'severe-complaint':
      return casePage(a.branchId, `c:${f.complaint ?? part(1)}`);
    case 'comment-needs-response':
      if (f.complaintId) return casePage(a.branchId, `c:${f.complaintId}`);
      if (f.responseId) return casePage(a.branchId, `r:${f.responseId}`);
      return `/callbacks?${new URLSearchParams({ branch: a.branchId, status: 'all' })}`;
    case 'sla-breach':
    case 'clock-warning':
    case 'clock-breach':
    case 'clock-unknown':
      // The branch page's complaints table shows each complaint's SLA and regulator's clock.
      return branchPage(a.branchId, '#complaints');
    case 'nps-drop':
      return branchPage(a.branchId, '#nps');
    case 'dimension-breach':
    case 'loop-overdue':
    case 'loop-closed':
    case 'loop-escalated':
      return `${branchPage(a.branchId)}/loops/${seg(part(1))}`;
    case 'digest':
      return '/network';
    default:
      return a.branchId && a.branchId !== '*' ? branchPage(a.branchId) : '/network';
  }
}

/** The full link: the console's public URL (SERVLOOP_CONSOLE_PUBLIC_URL) and the path. */
export const alertConsoleUrl = (a: AlertForLink, publicUrl: string) =>
  `${publicUrl.replace(/\/$/, '')}${alertConsolePath(a)}`;
