export { formatFigures } from './figures.ts';
export { type AlertStatus, type AlertStatusStore, type MailerOptions, startAlertMailer } from './mailer.ts';
export { DEFAULT_CONSOLE_URL, render } from './render.ts';
export { warehouseAlertStatus } from './status.ts';
