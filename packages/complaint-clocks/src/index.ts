export { type ClockAlert, clockAlerts } from './alerts.ts';
export {
  addCalendarDays,
  advance,
  CalendarGapError,
  chinaCalendar,
  countDays,
  type DayKind,
  fixedCalendar,
  type LocalDate,
  onOrNextWorkingDay,
  type WorkingCalendar,
} from './calendar.ts';
export {
  type AcceptedExtension,
  type ClockCase,
  type ClockEvent,
  ClockInputError,
  type ClockState,
  checkExtension,
  computeClocks,
  type RefusedExtension,
} from './engine.ts';
export {
  applyOverride,
  type BadRatings,
  type CallbackOutcome,
  type ClockRule,
  type EventKind,
  type ExtensionStep,
  loadPack,
  type Pack,
  PackError,
  type PackIssue,
  type PackOverride,
  packIds,
  packsDir,
  parsePack,
} from './pack.ts';
