/**
 * The dev server as `@temporalio/testing` provides it: it downloads the
 * `temporal` CLI itself, for machines with internet but no Go and no CLI.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { RETROFILL_SEARCH_ATTRIBUTES } from '../contract';
import { DEV_SERVER_DYNAMIC_CONFIG, dynamicConfigArgs } from './dev-server-tuning';
import { freePort } from './free-port';
import type { DevServer, DevServerOptions } from './temporal-dev-server';

export async function startDownloadedDevServer(options: DevServerOptions): Promise<DevServer> {
  const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? (await freePort()));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      ...(options.port !== undefined && { port: options.port }),
      ...(uiPort !== undefined && { ui: true, uiPort }),
      ...(options.dbFilename !== undefined && { dbFilename: options.dbFilename }),
      searchAttributes: [...RETROFILL_SEARCH_ATTRIBUTES],
      extraArgs: dynamicConfigArgs(options.dynamicConfig ?? DEV_SERVER_DYNAMIC_CONFIG),
    },
  });
  return {
    address: env.address,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    stop: () => env.teardown(),
  };
}
