/**
 * The workers' workflow bundle, made in a thread of its own: the bundler
 * (webpack) grows the heap by about 100 MB, which a worker bundling in its
 * main thread keeps for its whole life; a thread's heap is returned when it
 * ends (docs/performance.md).
 */
import { Worker as Thread } from 'node:worker_threads';
import type { WorkflowBundle } from '@temporalio/worker';

/** Bundling takes seconds (tens on a loaded machine); a bundler still going after this is stuck. */
const BUNDLE_WITHIN_MS = 5 * 60_000;

/** What the thread runs: the SDK's bundler, quiet (the worker logs its own start), its code sent back. */
const BUNDLE_IN_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { bundleWorkflowCode, DefaultLogger } = require(workerData.sdk);
bundleWorkflowCode({ ...workerData.options, logger: new DefaultLogger('ERROR') }).then((bundle) => parentPort.postMessage(bundle.code));
`;

/** The bundler options the thread receives: plain paths, since functions do not cross threads. */
export interface ThreadBundleOptions {
  workflowsPath: string;
  workflowInterceptorModules: string[];
  preloadModules: string[];
}

/**
 * Bundles the workflows in a thread that ends once done.
 * @throws the bundler's error, or after BUNDLE_WITHIN_MS.
 */
export function bundleWorkflowsInThread(options: ThreadBundleOptions): Promise<WorkflowBundle> {
  const thread = new Thread(BUNDLE_IN_THREAD, { eval: true, workerData: { sdk: require.resolve('@temporalio/worker'), options } });
  return new Promise<WorkflowBundle>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`bundling the workflows took over ${BUNDLE_WITHIN_MS / 60_000} minutes`));
      void thread.terminate();
    }, BUNDLE_WITHIN_MS);
    thread.once('message', (code: string) => {
      clearTimeout(timer);
      resolve({ code });
    });
    thread.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    thread.once('exit', (exitCode) => {
      clearTimeout(timer);
      reject(new Error(`the workflow bundler's thread exited (code ${exitCode}) without a bundle`));
    });
  });
}
