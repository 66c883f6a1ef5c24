/**
 * Search attributes set on every backfill and partition workflow, so the
 * Temporal UI and `temporal workflow list --query` filter by backfill, asset
 * and partition. The dev server and the worker register them under these names.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const BACKFILL_ID = defineSearchAttributeKey('RetrofillBackfillId', SearchAttributeType.KEYWORD);
/** A list: a backfill names every asset it targets, a partition workflow its one asset. */
export const ASSET = defineSearchAttributeKey('RetrofillAsset', SearchAttributeType.KEYWORD_LIST);
export const PARTITION = defineSearchAttributeKey('RetrofillPartition', SearchAttributeType.KEYWORD);
/** The schedule that started a backfill (`retrofill schedule create`). */
export const SCHEDULE = defineSearchAttributeKey('RetrofillSchedule', SearchAttributeType.KEYWORD);

/** Every key with its type, for registration. */
export const RETROFILL_SEARCH_ATTRIBUTES = [BACKFILL_ID, ASSET, PARTITION, SCHEDULE] as const;

/** Set by Temporal on a workflow a schedule started: the time it was due (its nominal time). */
export const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);
