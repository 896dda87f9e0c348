// "ML Notes: New DEEP-PASS note" / "New lecture note": ask the topic, open a
// new note (untitled, or a fresh file in the workspace) and insert the
// format's scaffold as a snippet, so Tab walks through every placeholder.
import * as vscode from 'vscode';
import type { NoteFormat } from '../core/formats/types';
import { engine } from './lazy';
import { exists } from './files';
import { settings, type MlnotesSettings } from './settings';

const NEW_NOTE_COMMANDS: ReadonlyArray<{ command: string; formatId: string }> = [
  { command: 'mlnotes.newDeepPassNote', formatId: 'deep-pass' },
  { command: 'mlnotes.newLectureNote', formatId: 'lecture' },
];

export function registerNewNoteCommands(context: vscode.ExtensionContext): void {
  for (const { command, formatId } of NEW_NOTE_COMMANDS) {
    // The optional argument lets keybindings and tests pass the topic instead of typing it.
    context.subscriptions.push(vscode.commands.registerCommand(command, (topic?: unknown) =>
      newNote(builtinFormat(formatId), typeof topic === 'string' ? topic : undefined)));
  }
}

/** Looked up when a command runs: the formats come with the engine, which activation does not load. */
function builtinFormat(formatId: string): NoteFormat {
  const format = engine().builtinFormats.find((f) => f.id === formatId);
  if (!format) throw new Error(`No built-in format "${formatId}"`);
  return format;
}

/** Creates the note and returns its editor, or undefined when the user cancels. */
async function newNote(format: NoteFormat, givenTopic: string | undefined): Promise<vscode.TextEditor | undefined> {
  const topic = givenTopic ?? await vscode.window.showInputBox({
    title: vscode.l10n.t({ message: 'New {0} note', args: [format.name], comment: ['{0} is the name of a note format such as DEEP-PASS or Lecture'] }),
    prompt: vscode.l10n.t('Topic of the note'),
    placeHolder: vscode.l10n.t('e.g. Ridge regression'),
    validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Enter a topic') : undefined),
  });
  if (topic === undefined || topic.trim() === '') return undefined;

  const options = settings.for().newNote;
  const snippet = engine().scaffoldSnippet(format, { topic: topic.trim(), frontMatter: options.frontMatter });
  const document = await openTarget(topic.trim(), options);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const start = new vscode.Position(0, 0);
  // insertSnippet leaves the cursor on the first tab stop.
  const inserted = await editor.insertSnippet(new vscode.SnippetString(snippet), start);
  if (!inserted) throw new Error(vscode.l10n.t('Could not insert the note scaffold'));
  return editor;
}

async function openTarget(topic: string, options: MlnotesSettings['newNote']): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (options.location === 'workspace') {
    if (folder) {
      const subfolder = options.folder.split(/[\\/]/).filter((p) => p !== '' && p !== '.');
      return vscode.workspace.openTextDocument(await createFreeFile(vscode.Uri.joinPath(folder.uri, ...subfolder), fileStem(topic)));
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('ML Notes: no workspace folder is open, so the note is an untitled document.'));
  }
  return vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
}

/** `Ridge Regression (L2)` → `ridge-regression-l2`. */
export function fileStem(topic: string): string {
  const stem = topic.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return stem === '' ? 'note' : stem;
}

/**
 * Creates an empty `<stem>.md` in `dir`, or `<stem>-2.md`, `-3`, … when taken.
 * createFile without overwrite fails on an existing file, so a file that
 * appears between the check and the write is never clobbered either.
 */
async function createFreeFile(dir: vscode.Uri, stem: string): Promise<vscode.Uri> {
  await vscode.workspace.fs.createDirectory(dir);
  for (let n = 1; n < 1000; n++) {
    const uri = vscode.Uri.joinPath(dir, n === 1 ? `${stem}.md` : `${stem}-${n}.md`);
    if (await exists(uri)) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
    if (await vscode.workspace.applyEdit(edit)) return uri;
  }
  throw new Error(vscode.l10n.t({ message: 'No free file name for "{0}" in {1}', args: [stem, dir.path], comment: ['{0} is a file name stem, {1} a folder'] }));
}
