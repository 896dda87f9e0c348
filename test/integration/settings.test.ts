import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, mlnotesDiagnostics, openFixture, setSetting, waitFor } from './helpers';

// A DEEP-PASS note (format in front matter) with sections 3–7 missing: the
// linter must flag it while linting is on, and show nothing once it is off.
const NOTE = 'settings/incomplete-note.md';

suite('settings', () => {
  let restore: (() => Promise<void>) | undefined;

  suiteSetup(activateExtension);
  teardown(async () => {
    await restore?.();
    restore = undefined;
    await closeAllEditors();
  });

  test('mlnotes.lint.enable: off clears the diagnostics of an open note, and turning it back on restores them', async () => {
    const editor = await openFixture(NOTE);
    const uri = editor.document.uri;
    const before = await waitFor(() => mlnotesDiagnostics(uri).length > 0 && mlnotesDiagnostics(uri), {
      timeout: 15_000,
      message: `no mlnotes diagnostics on ${NOTE}`,
    });

    const rules = before.map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
    assert.ok(rules.includes('required-section'), `expected a required-section diagnostic, got: ${rules.join(', ')}`);

    restore = await setSetting('mlnotes.lint.enable', 'off');
    await waitFor(() => mlnotesDiagnostics(uri).length === 0, { message: 'diagnostics stayed after mlnotes.lint.enable: off' });

    await restore();
    restore = undefined;
    const after = await waitFor(() => mlnotesDiagnostics(uri).length > 0 && mlnotesDiagnostics(uri), {
      message: 'diagnostics did not come back after turning linting on again',
    });
    assert.deepEqual(after.map((d) => d.message).sort(), before.map((d) => d.message).sort());
  });
});
