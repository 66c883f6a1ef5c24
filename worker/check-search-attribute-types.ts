/**
 * Retrofill's search attributes must have the types its workflows set: one
 * registered with another type (say `RetrofillAsset` as Keyword, not
 * KeywordList) fails every backfill's workflow task with BadSearchAttributes,
 * retried forever while the caller was told it started. So a worker refuses
 * to start on such a namespace, naming the attribute, both types and the fix.
 */
import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { RetrofillError } from '../core/errors';
import { RETROFILL_SEARCH_ATTRIBUTES } from '../contract';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;

/** Temporal's own names of the types, as `temporal operator search-attribute` takes them. */
const TYPE_NAMES: Record<number, string> = {
  [IndexedValueType.INDEXED_VALUE_TYPE_TEXT]: 'Text',
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]: 'Keyword',
  [IndexedValueType.INDEXED_VALUE_TYPE_INT]: 'Int',
  [IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE]: 'Double',
  [IndexedValueType.INDEXED_VALUE_TYPE_BOOL]: 'Bool',
  [IndexedValueType.INDEXED_VALUE_TYPE_DATETIME]: 'Datetime',
  [IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST]: 'KeywordList',
};

/** The SDK's type names (`KEYWORD_LIST`) as Temporal's (`KeywordList`). */
const NEEDED: Record<string, string> = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList' };

/** Thrown when a Retrofill search attribute exists on the namespace with another type than Retrofill sets. */
export class SearchAttributeTypeError extends RetrofillError {
  override readonly type = 'SearchAttributeType';
  constructor(readonly problems: string[]) {
    super(`the namespace's search attributes do not match what Retrofill sets, so every backfill would fail: ${problems.join('; ')}`);
    this.name = 'SearchAttributeTypeError';
  }
}

/** What is wrong with the namespace's custom attributes (name to type), one line per Retrofill attribute of another type. */
export function searchAttributeTypeProblems(custom: Readonly<Record<string, number>>, namespace: string): string[] {
  return RETROFILL_SEARCH_ATTRIBUTES.flatMap((key) => {
    const found = custom[key.name];
    const needed = NEEDED[key.type] ?? key.type;
    if (found === undefined || TYPE_NAMES[found] === needed) return [];
    return [
      `${key.name} is ${TYPE_NAMES[found] ?? `type ${found}`}, Retrofill needs ${needed}: remove it ` +
        `(temporal operator search-attribute remove --namespace ${JSON.stringify(namespace)} --name ${key.name}) ` +
        `and create it as ${needed} (temporal operator search-attribute create --namespace ${JSON.stringify(namespace)} --name ${key.name} --type ${needed}), ` +
        'or use a namespace of its own for Retrofill',
    ];
  });
}

/**
 * @throws SearchAttributeTypeError when one of Retrofill's search attributes has another type on `namespace`.
 * A server that does not let the worker list them (e.g. Temporal Cloud with a namespace API key) is not checked.
 */
export async function checkSearchAttributeTypes(connection: NativeConnection, namespace: string): Promise<void> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace }).catch(() => undefined);
  if (!listed) return;
  const { customAttributes } = listed;
  const problems = searchAttributeTypeProblems(customAttributes ?? {}, namespace);
  if (problems.length > 0) throw new SearchAttributeTypeError(problems);
}
