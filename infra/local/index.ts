export { type AllInOneOptions, type DemoBranch, demoBranches, startAllInOne } from './all-in-one.ts';
export { KAFKA_VERSION, type RunningBroker, startKafkaBroker } from './kafka-broker.ts';
export { freePortPair } from './ports.ts';
export {
  DEMO_FLOOR,
  type FloorDimension,
  type FloorScenario,
  floorStaff,
  simulateFloorDays,
} from './simulator.ts';
