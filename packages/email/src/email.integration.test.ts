import { freePort, isolate, Mailbox, resolveEndpoints } from '@servloop/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { createMailer, smtpErrorClass } from './index.ts';

const endpoints = await resolveEndpoints();
const iso = isolate(endpoints, 'email');
const mailer = createMailer(endpoints.SMTP_URL);
const mailbox = new Mailbox(endpoints.MAIL_API_URL);
afterAll(() => mailer.close());

describe('SMTP with nodemailer', () => {
  it('sends a bilingual mail that the sink receives intact', async () => {
    const to = `quality+${iso.id}@servloop.test`;
    const sent = await mailer.send({
      from: 'servloop <alerts@servloop.test>',
      to,
      subject: `NPS 下降 / NPS drop ${iso.id}`,
      text: '网点 B001 的 NPS 从 42 降至 18。\nBranch B001 NPS fell from 42 to 18.',
      html: '<p>网点 B001 的 NPS 从 <b>42</b> 降至 <b>18</b>。</p>',
      headers: { 'X-Servloop-Alert-Key': `nps-drop:B001:${iso.id}` },
    });
    expect(sent.accepted).toEqual([to]);
    const [mail] = await mailbox.waitFor(to, 1);
    expect(mail!.subject).toBe(`NPS 下降 / NPS drop ${iso.id}`);
    expect(mail!.text).toContain('NPS 从 42 降至 18');
    expect(mail!.html).toContain('<b>18</b>');
    expect(mail!.headers['x-servloop-alert-key']).toBe(`nps-drop:B001:${iso.id}`);
  });

  it('an SMTP server that is not there is a connection error, not a silent success', async () => {
    const dead = createMailer(`smtp://127.0.0.1:${await freePort()}`);
    await expect(dead.send({ from: 'a@b.test', to: 'c@d.test', subject: 's', text: 't' })).rejects.toThrow(
      /ECONNREFUSED/,
    );
    dead.close();
  });
});

describe('smtpErrorClass', () => {
  it('4xx is transient, 5xx permanent', () => {
    expect(smtpErrorClass({ responseCode: 421 })).toBe('transient');
    expect(smtpErrorClass({ responseCode: 550 })).toBe('permanent');
    expect(smtpErrorClass(new Error('x'))).toBe('unknown');
  });
});
