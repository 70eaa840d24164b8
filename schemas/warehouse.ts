// Warehouse tables written by more than one service: their column lists live here, once.

/** alerts_v1: raised by the analytics worker, delivery status written by the alert mailer. */
export const ALERT_COLUMNS = [
  'alert_key',
  'rule',
  'branch_id',
  'severity',
  'subject',
  'details',
  'status',
  'attempts',
  'error',
  'created_at',
  'updated_at',
] as const;
