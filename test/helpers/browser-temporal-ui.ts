/**
 * What a person does on a workflow's page of the Temporal Web UI (checked
 * against UI 2.42.1, the one in temporal CLI 1.5.1). Locators go by role and
 * visible text, so layout changes don't break them.
 */
import type { Locator, Page } from 'playwright-core';

const UI_TIMEOUT_MS = 15_000;

/** Opens the workflow's page and waits until its status badge reads `status` and the page knows the workflow's handlers. */
export async function openWorkflowPage(page: Page, uiUrl: string, workflowId: string, status = 'Running'): Promise<void> {
  // The signal dialog offers a list of the workflow's signals once the UI has asked a worker for them
  // (the `__temporal_workflow_metadata` query), and a free text field before: wait for the answer so
  // the dialog doesn't change under our hands. Best effort: without a worker it never comes.
  const metadata = page
    .waitForResponse((r) => r.url().includes('__temporal_workflow_metadata'), { timeout: UI_TIMEOUT_MS })
    .catch(() => undefined);
  // Not `networkidle`: the page of a running workflow long-polls its history, so the network never idles.
  await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
  const main = page.getByRole('main');
  await main.getByRole('heading', { level: 1, name: workflowId }).waitFor({ timeout: UI_TIMEOUT_MS });
  await main.getByText(status, { exact: true }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  await metadata;
}

/** More Actions → Send a Signal → pick or type the name (no input) → Submit, then waits for the UI's confirmation. */
export async function sendSignalFromUi(page: Page, signalName: string): Promise<void> {
  await page.getByRole('button', { name: 'More Actions' }).click();
  await page.getByRole('menuitem', { name: 'Send a Signal' }).click();
  // Only the open dialog is in the accessibility tree (the page also keeps a closed copy of it).
  const dialog = page.getByRole('dialog', { name: 'Send a Signal' });
  const picker = dialog.getByRole('button', { name: 'Select a signal' });
  const field = signalNameField(dialog);
  await picker.or(field).first().waitFor({ timeout: UI_TIMEOUT_MS });
  if (await picker.isVisible()) {
    // The workflow declared its signals: choose ours, or type it under "Custom Input" when it isn't listed.
    await picker.click();
    const option = dialog.getByRole('option', { name: signalName, exact: true });
    if ((await option.count()) > 0) await option.click();
    else {
      await dialog.getByRole('option', { name: /^Custom Input/ }).click();
      await field.fill(signalName);
    }
  } else {
    await field.fill(signalName);
  }
  // An empty "Data" field sends the signal with no arguments.
  await dialog.getByRole('button', { name: 'Submit' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  await page.getByText('Workflow signaled.').waitFor({ timeout: UI_TIMEOUT_MS });
}

/**
 * The free text "Signal name" field. When no signal list is shown, its label points (by a duplicated
 * id) at the field of the closed copy of the dialog, so the open one has no accessible name: its test
 * id is the fallback.
 */
function signalNameField(dialog: Locator): Locator {
  return dialog.getByRole('textbox', { name: 'Signal name' }).or(dialog.getByTestId('signal-name'));
}
