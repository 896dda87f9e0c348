import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, mlnotesDiagnostics, openFixture, screenshot, waitFor } from './helpers';

// One picture of the whole product: a note with its diagnostics in the
// Problems panel and its preview beside it (test-artifacts/screenshots/workbench-overview.png).
suite('workbench', () => {
  suiteSetup(activateExtension);
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await closeAllEditors();
  });

  test('a note shows its diagnostics in the Problems panel and its preview beside it', async () => {
    const editor = await openFixture('settings/incomplete-note.md');
    const uri = editor.document.uri;
    await waitFor(() => mlnotesDiagnostics(uri).length > 0, { timeout: 15_000, message: 'no mlnotes diagnostics on the note' });

    await vscode.commands.executeCommand('mlnotes.showPreviewToSide');
    const previewTab = await waitFor(
      () => vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.label.includes('incomplete-note.md')),
      { timeout: 15_000, message: 'no preview tab for the note' },
    );
    assert.notEqual(previewTab.group.viewColumn, editor.viewColumn, 'the preview opens beside the note, not over it');
    // The preview's own test hook says when its page has rendered the note's math.
    await waitFor(async () => {
      const state = await vscode.commands.executeCommand<{ uri: string; state?: { katexCount: number } } | undefined>('mlnotes._test.previewState');
      return state?.uri === uri.toString() && (state.state?.katexCount ?? 0) > 0;
    }, { timeout: 20_000, message: 'the preview never rendered the note' });

    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    await screenshot('workbench-overview');
  });
});
