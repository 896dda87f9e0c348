import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
// The formats and the scaffold module directly: what the commands must produce.
import { builtinFormats, findFormat } from '../../src/core/formats/index';
import type { NoteFormat } from '../../src/core/formats/types';
import { scaffoldParts, sectionHeading } from '../../src/core/scaffold';
import { activateExtension, closeAllEditors, screenshot, setSetting, waitFor, workspaceFolder } from './helpers';

const deepPass = findFormat(builtinFormats, 'deep-pass')!;
const lecture = findFormat(builtinFormats, 'lecture')!;

const cases: Array<{ command: string; format: NoteFormat }> = [
  { command: 'mlnotes.newDeepPassNote', format: deepPass as NoteFormat },
  { command: 'mlnotes.newLectureNote', format: lecture as NoteFormat },
];

/** The text of the first tab stop: what the selection must hold right after insertion. */
function firstPlaceholder(format: NoteFormat, topic: string): string {
  for (const part of scaffoldParts(format, { topic })) {
    if (typeof part === 'string' || 'date' in part) continue;
    return 'choice' in part ? part.choice[0] : part.field;
  }
  throw new Error('scaffold has no placeholder');
}

function headings(text: string): string[] {
  return text.split('\n').filter((line) => /^#{2,3} /.test(line));
}

async function runNewNote(command: string, topic: string): Promise<vscode.TextEditor> {
  const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(command, topic);
  assert.ok(editor, `${command} returned no editor`);
  await waitFor(() => vscode.window.activeTextEditor?.document === editor.document, { message: 'the new note is not the active editor' });
  return editor;
}

suite('New note commands', () => {
  suiteSetup(activateExtension);
  teardown(closeAllEditors);

  for (const { command, format } of cases) {
    test(`${command}: an untitled note with every ${format.id} heading in order, cursor on the first tab stop`, async () => {
      const editor = await runNewNote(command, 'Ridge regression');
      const { document } = editor;
      assert.equal(document.isUntitled, true);
      assert.equal(document.languageId, 'markdown');
      const text = document.getText();
      assert.deepEqual(headings(text), format.sections.map(sectionHeading));
      assert.match(text, new RegExp(`^---\\nformat: ${format.id}\\ntitle: "Ridge regression"\\ndate: \\d{4}-\\d\\d-\\d\\d\\n---\\n\\n# Ridge regression\\n`));
      assert.doesNotMatch(text, /\$\{\d|\$0/, 'snippet syntax left in the text');
      const expected = firstPlaceholder(format, 'Ridge regression');
      assert.equal(editor.selections.length, 1);
      assert.equal(document.getText(editor.selection), expected, 'selection is the first placeholder');
      // The first placeholder comes after the title line (the topic itself is text there, no tab stop).
      const firstStop = document.positionAt(text.indexOf(expected, text.indexOf('\n## ')));
      assert.deepEqual([editor.selection.start.line, editor.selection.start.character], [firstStop.line, firstStop.character]);
      await screenshot(`new-note-${format.id}`);
    });
  }

  test('with location "workspace": a file named after the topic, never overwriting one that exists', async () => {
    const restoreLocation = await setSetting('mlnotes.newNote.location', 'workspace');
    const restoreFolder = await setSetting('mlnotes.newNote.folder', 'new-notes');
    const dir = vscode.Uri.joinPath(workspaceFolder(), 'new-notes');
    try {
      await vscode.workspace.fs.createDirectory(dir);
      const taken = vscode.Uri.joinPath(dir, 'kernel-pca.md');
      await vscode.workspace.fs.writeFile(taken, new TextEncoder().encode('my own note\n'));

      const editor = await runNewNote('mlnotes.newLectureNote', 'Kernel PCA');
      assert.equal(editor.document.isUntitled, false);
      assert.equal(editor.document.uri.path, vscode.Uri.joinPath(dir, 'kernel-pca-2.md').path);
      assert.deepEqual(headings(editor.document.getText()), (lecture as NoteFormat).sections.map(sectionHeading));
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(taken)), 'my own note\n');
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
      await restoreFolder();
      await restoreLocation();
    }
  });
});
