/**
 * Registers Retrofill's search attributes on the namespace when missing, so a
 * worker works against any self-hosted server (the dev server registers them
 * at start; Temporal Cloud needs them added once in its console).
 */
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { RETROFILL_SEARCH_ATTRIBUTES } from '../contract';

const PROTO_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys({ ...existing.customAttributes, ...existing.systemAttributes }));
  const missing = RETROFILL_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((k) => [k.name, PROTO_TYPE[k.type]!])),
  });
}
