export { type AlertStatus, type AlertStatusStore, type MailerOptions, startAlertMailer } from './mailer.ts';
export { render } from './render.ts';
export { warehouseAlertStatus } from './status.ts';
