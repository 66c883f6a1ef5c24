/** Runs a command body with a connected client, closing it afterwards. */
import { RetrofillClient } from '../client/retrofill-client';

/** Connection and task queue come from the environment (the global --task-queue sets it). */
export async function withClient<T>(body: (client: RetrofillClient) => Promise<T>): Promise<T> {
  const client = await RetrofillClient.connect();
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}
