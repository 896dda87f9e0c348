import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { testEnv } from './env';
import { EXTENSION_ID, closeAllEditors, openFixture, screenshot, waitFor } from './helpers';

suite('activation', () => {
  teardown(closeAllEditors);

  test('the extension under test is the one from this repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    assert.equal(extension.packageJSON.name, 'mlnotes');
    assert.ok(extension.packageJSON.activationEvents.includes('onLanguage:markdown'));
  });

  test('runs in the extension host the harness asked for (Node, or the web worker of VS Code for the web)', () => {
    const host = testEnv('MLNOTES_EXTENSION_HOST');
    if (!host) return; // a runner that does not say (test-electron): the Node host
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    // A web worker has no `process`; an extension there runs on the UI side, not in a workspace (Node) host.
    assert.equal(typeof process === 'undefined' ? 'web' : 'node', host);
    assert.equal(extension?.extensionKind, host === 'web' ? vscode.ExtensionKind.UI : vscode.ExtensionKind.Workspace);
  });

  test('opening a markdown file activates the extension', async function () {
    // The first file opened in a fresh workbench pays its start-up (and, in the web worker, the bundle's load).
    this.timeout(60_000);
    const editor = await openFixture('sample.md');
    assert.equal(editor.document.languageId, 'markdown');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    // Activation is asynchronous after the document opens: poll, never sleep.
    await waitFor(() => extension?.isActive, { timeout: 40_000, message: `${EXTENSION_ID} did not activate` });
    await screenshot('activation-sample-md');
  });

  test('the active editor shows the opened fixture as markdown', async () => {
    await openFixture('README.md');
    const active = await waitFor(() => vscode.window.activeTextEditor, { message: 'no active editor' });
    assert.ok(active.document.uri.path.endsWith('/README.md'), active.document.uri.toString());
    assert.equal(active.document.languageId, 'markdown');
  });
});
