// Sends alert emails from the alerts queue. SMTP 4xx and connection errors are retried with
// backoff (BullMQ attempts); 5xx is final and recorded as failed. A key already sent is skipped.
import { createMailer, smtpErrorClass } from '@servloop/email';
import { createWorker, type Job, type Redis, UnrecoverableError } from '@servloop/jobs';
import { type AlertJob, QUEUES } from '@servloop/schemas';
import { Counter, type Lifecycle } from '@servloop/service-kit';
import { addressing, render } from './render.ts';

export type AlertStatus = 'queued' | 'sent' | 'failed';

export interface AlertStatusStore {
  get(key: string): Promise<AlertStatus | undefined>;
  set(key: string, status: AlertStatus, attempts: number, error?: string): Promise<void>;
}

export interface MailerOptions {
  smtpUrl: string;
  connection: Redis;
  lifecycle: Lifecycle;
  from: string;
  recipients: string[];
  status: AlertStatusStore;
  prefix?: string;
  /** The quality console's public URL: every e-mail links to the page that explains it. */
  consoleUrl?: string;
  log?: (line: string) => void;
}

export async function startAlertMailer(o: MailerOptions) {
  const log = o.log ?? (() => {});
  const mailer = createMailer(o.smtpUrl);
  const sent = new Counter({
    name: 'mailer_sent_total',
    help: 'Alert emails sent',
    registers: [o.lifecycle.registry],
  });
  const failed = new Counter({
    name: 'mailer_failed_total',
    help: 'Alert emails failed for good',
    registers: [o.lifecycle.registry],
  });

  async function handle(job: Job<AlertJob>) {
    const alert = job.data;
    if ((await o.status.get(alert.key)) === 'sent') return 'already sent';
    const { subject, text, html } = render(alert, o.consoleUrl);
    const { from, to } = addressing(alert, o);
    try {
      await mailer.send({
        from,
        to,
        subject,
        text,
        html,
        headers: { 'X-Servloop-Alert-Key': alert.key, 'X-Servloop-Rule': alert.rule },
      });
    } catch (err) {
      const kind = smtpErrorClass(err);
      const message = err instanceof Error ? err.message : String(err);
      if (kind === 'permanent') {
        await o.status.set(alert.key, 'failed', job.attemptsMade + 1, message);
        failed.inc();
        throw new UnrecoverableError(`SMTP refused ${alert.key} for good: ${message}`);
      }
      await o.status.set(alert.key, 'queued', job.attemptsMade + 1, message);
      log(`alert ${alert.key}: attempt ${job.attemptsMade + 1} failed (${message}); retrying with backoff`);
      throw err;
    }
    await o.status.set(alert.key, 'sent', job.attemptsMade + 1);
    sent.inc();
    return 'sent';
  }

  const worker = createWorker<AlertJob>(QUEUES.alerts, handle, o.connection.duplicate(), {
    ...(o.prefix ? { prefix: o.prefix } : {}),
    concurrency: 4,
  });
  o.lifecycle.ready = true;
  return {
    worker,
    async stop() {
      o.lifecycle.ready = false;
      await worker.close();
      mailer.close();
    },
  };
}
