/** The Explore cell's SQL: one import for the UI. Each function returns SQL text for `Db.query`. */
export * from './filter';
export * from './buckets';
export * from './requests';
export * from './daily';
export * from './auth';
export * from './metrics';
export * from './raw';
export * from './labels';
