/**
 * The planning core: partitions, asset graph, request validation, plan and
 * scheduler. Pure TypeScript with no Temporal, database or Node imports, so
 * workflows import it and unit tests need no server.
 */
export * from './asset-spec';
export * from './asset-graph';
export * from './backfill-policy';
export * from './backfill-request';
export * from './concurrency';
export * from './errors';
export * from './mappings/asset-inputs';
export * from './mappings/mapping-spec';
export * from './mappings/partition-mapping';
export * from './partitions/partitions-def';
export * from './partitions/time-granularity';
export * from './partitions/time-spec';
export * from './plan/backfill-plan';
export * from './run/backfill-progress';
export * from './run/backfill-scheduler';
export * from './run/backfill-summary';
export * from './plan/planned-keys';
export * from './plan/single-run-groups';
export * from './retry-policy';
export * from './shadow/shadow-diff';
export * from './status/partition-status';
