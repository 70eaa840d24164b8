// Revenue at risk: lifetime value held by customers whose latest NPS answer makes them detractors.

export interface ValuedCustomer {
  branchId: string;
  customerKey: string;
  clv: number;
}

export interface BranchRisk {
  branchId: string;
  customers: number;
  detractors: number;
  totalClv: number;
  clvAtRisk: number;
  /** clvAtRisk / totalClv (0 when the branch holds no value). */
  shareAtRisk: number;
}

export function revenueAtRisk(
  customers: Iterable<ValuedCustomer>,
  detractors: ReadonlySet<string>,
): BranchRisk[] {
  const byBranch = new Map<string, BranchRisk>();
  for (const c of customers) {
    let b = byBranch.get(c.branchId);
    if (!b) {
      b = { branchId: c.branchId, customers: 0, detractors: 0, totalClv: 0, clvAtRisk: 0, shareAtRisk: 0 };
      byBranch.set(c.branchId, b);
    }
    b.customers++;
    b.totalClv += c.clv;
    if (detractors.has(c.customerKey)) {
      b.detractors++;
      b.clvAtRisk += c.clv;
    }
  }
  return [...byBranch.values()]
    .map((b) => ({ ...b, shareAtRisk: b.totalClv > 0 ? b.clvAtRisk / b.totalClv : 0 }))
    .sort((a, b) => b.clvAtRisk - a.clvAtRisk);
}
