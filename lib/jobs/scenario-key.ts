import type { Scenario } from '../../simulator/scenario';

/** What makes two scenarios the same simulation (they come from the spec, so key order is stable). */
export const scenarioKey = (s: Scenario) => JSON.stringify(s);
