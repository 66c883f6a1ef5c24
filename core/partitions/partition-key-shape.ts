/**
 * What any partition key looks like, static (`eu-west`) or time (`2024-03-01`,
 * `2024-03-01T05`): checked before a key a caller sent reaches a query.
 */
export const PARTITION_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
