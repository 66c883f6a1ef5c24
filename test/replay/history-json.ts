/**
 * Workflow histories to and from the standard protobuf JSON of Temporal's
 * tools (what `historyToJSON` / `historyFromJSON` of @temporalio/common do).
 *
 * Those two SDK functions fail in this install with "TypeError: type must be a
 * Type": @grpc/proto-loader puts protobufjs 7 at the top of node_modules, so
 * @temporalio/common and @temporalio/proto each get their own nested copy of
 * protobufjs 8, and common's `protojson` rejects the message types built by
 * proto's copy (an `instanceof` check across copies). `Worker.runReplayHistory`
 * hits the same error for a JSON history, as it converts with `historyFromJSON`.
 * So the conversion here uses the `protojson` of the very protobufjs copy that
 * @temporalio/proto uses, and replays are given `History` objects.
 */
import { createRequire } from 'node:module';
import type * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

export type History = proto.temporal.api.history.v1.IHistory;

type ProtoJson = {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
};

const requireHere = createRequire(__filename);
// The CommonJS exports themselves: an ES namespace of them (as vitest makes for `import *`) is no protobuf root.
const protoRoot = requireHere('@temporalio/proto') as typeof proto;
const protojson = createRequire(requireHere.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(protoRoot) as unknown as { lookupType(name: string): unknown }).lookupType('temporal.api.history.v1.History');

/** The history as pretty-printed protobuf JSON, as `historyToJSON` of @temporalio/common writes it. */
export function historyToJson(history: History): string {
  return JSON.stringify(protojson.toJson(historyType, protoRoot.temporal.api.history.v1.History.fromObject(history)), null, 2);
}

/** Parses protobuf JSON (as written by {@link historyToJson}) into the `History` a replay worker takes. */
export function historyFromJson(json: unknown): History {
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { events?: unknown }).events)) {
    throw new TypeError('not a workflow history: expected an object with an array of events');
  }
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a workflow history');
  return history;
}
