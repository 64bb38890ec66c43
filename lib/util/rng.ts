/** Uniform in [0, 1), seeded: lib/ and simulator/ never call Math.random (simulator/rng.ts and lib/detectors/rng.ts make the streams). */
export type Rng = () => number;
