// `npm run bench:vscode` (scripts/vscode-test/bench.ts): the extension's
// figures in a real VS Code, for notes of three sizes. Prints figures; it
// asserts nothing about time (the machine may be busy). Each time is taken
// from the extension host's own events: the keystroke is the document
// change event, a diagnostic is the diagnostics change event that holds it,
// a preview update is the page's report that it shows that version.
import * as vscode from 'vscode';
import { testEnv } from '../integration/env';
import { EXTENSION_ID, closeAllEditors, mlnotesDiagnostics, waitFor, workspaceFolder } from '../integration/helpers';

const EDITS = 10;

interface PreviewReport {
  state?: { version: number };
  render?: { kind: string; blocks: number; posted: number; characters: number };
  /** When the page had painted that version, by its `Date.now()` (one clock for every process on the machine). */
  painted?: { version: number; at: number };
}

interface NoteFigures {
  name: string;
  kb: number;
  diagnostic: number[];
  /** The same to VS Code's diagnostics change event in the extension host (debounced 50 ms by VS Code). */
  diagnosticEvent: number[];
  diagnosticWithPreview: number[];
  preview: number[];
  /** Keystroke → the page's painted frame, without its report's way back to the extension host. */
  painted: number[];
  posted: number[];
  blocks: number;
  hoverFirst: number;
  hover: number[];
  /** Durations of each stage in the extension host (src/extension/timings.ts), preview closed and open. */
  stages: { closed: Record<string, number[]>; open: Record<string, number[]> };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const takeTimings = () => vscode.commands.executeCommand<Record<string, number[]>>('mlnotes._test.timings');
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : 'n/a');

/**
 * With MLNOTES_BENCH_PROFILE (a folder), a CPU profile of the whole extension
 * host while the edits with the preview closed are made and the hovers asked, written there as
 * `<note>.cpuprofile` (open it in Chrome's DevTools or VS Code).
 */
async function startProfile(): Promise<{ stop: (name: string) => Promise<void> } | undefined> {
  const dir = testEnv('MLNOTES_BENCH_PROFILE');
  if (!dir) return undefined;
  const inspector = await import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) =>
    session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      const uri = vscode.Uri.joinPath(vscode.Uri.file(dir), `${name}.cpuprofile`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(profile)));
      console.log(`  CPU profile of the edits and hovers: ${uri.fsPath}`);
      console.log(`  extension host CPU by extension (ms): ${timeByExtension(profile as CpuProfile).map(([who, ms]) => `${who} ${ms.toFixed(0)}`).join(', ')}`);
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Sampled time by the extension whose code (or code it called) ran: ours, VS Code's built-in ones, or VS Code itself. */
function timeByExtension(profile: CpuProfile): [string, number][] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const owner = (id: number): string => {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return 'idle';
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)!.callFrame.url;
      const extension = /\/extensions\/([^/]+)\//.exec(url)?.[1];
      if (extension) return extension;
      if (url.includes('/dist/extension.js') || url.includes('/dist/engine.js')) return 'mlnotes';
    }
    return 'VS Code and Node';
  };
  const totals = new Map<string, number>();
  const owners = new Map<number, string>();
  profile.samples.forEach((id, i) => {
    let who = owners.get(id);
    if (who === undefined) owners.set(id, (who = owner(id)));
    totals.set(who, (totals.get(who) ?? 0) + profile.timeDeltas[i] / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** Resolves with the time of the first event `on` fires for which `accept` holds (rejects after `timeoutMs`). */
function timeOf<T>(on: vscode.Event<T>, accept: (event: T) => boolean, timeoutMs = 120_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { listener.dispose(); reject(new Error(`no such event within ${timeoutMs} ms`)); }, timeoutMs);
    const listener = on((event) => {
      if (!accept(event)) return;
      const now = performance.now();
      clearTimeout(timer);
      listener.dispose();
      resolve(now);
    });
  });
}

const isMathSyntax = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code)) === 'math-syntax';

/**
 * Types a formula KaTeX cannot parse as a new paragraph in the middle of the
 * note, and times it: to its diagnostic, and (with the preview open) to the
 * page showing it.
 */
async function typeFormula(editor: vscode.TextEditor, n: number, preview: boolean): Promise<{ diagnostic: number; event: number; preview?: number; painted?: number; report?: PreviewReport }> {
  const { document } = editor;
  const line = headingAfterMiddle(document);
  const expected = mlnotesDiagnostics(document.uri).filter(isMathSyntax).length + 1;
  const version = document.version + 1;
  const typed = timeOf(vscode.workspace.onDidChangeTextDocument, (e) => e.document === document && e.document.version === version);
  const diagnosed = timeOf(vscode.languages.onDidChangeDiagnostics, (e) =>
    e.uris.some((uri) => uri.toString() === document.uri.toString()) && mlnotesDiagnostics(document.uri).filter(isMathSyntax).length === expected);
  await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), `Broken formula ${n}: $\\frac{a_${n}$ here.\n\n`));
  const start = await typed;
  const startWall = Date.now() - (performance.now() - start);
  let report: PreviewReport | undefined;
  let shown: number | undefined;
  if (preview) {
    report = await vscode.commands.executeCommand<PreviewReport>('mlnotes._test.previewState', { version, fresh: false });
    shown = performance.now();
  }
  const event = await diagnosed;
  // The diagnostics reach the editor when they are set; the extension host's change event comes 50 ms later (VS Code debounces it).
  const published = await vscode.commands.executeCommand<{ version: number; at: number } | undefined>('mlnotes._test.publishedAt', document.uri.toString());
  if (!published || published.version !== version) throw new Error(`version ${version} was not published (last: ${published?.version})`);
  const painted = report?.painted?.version === version ? report.painted.at - startWall : undefined;
  return { diagnostic: published.at - start, event: event - start, preview: shown === undefined ? undefined : shown - start, painted, report };
}

/** A heading line after a blank line, outside code fences and `$$` blocks, from the middle of the note on: a new paragraph there is a paragraph. */
function headingAfterMiddle(document: vscode.TextDocument): number {
  let open = false;
  for (let line = 1; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (/^\s*(?:```|~~~|\$\$\s*$)/.test(text)) open = !open;
    if (!open && line >= document.lineCount / 2 && /^#{1,6} /.test(text) && document.lineAt(line - 1).text.trim() === '') return line;
  }
  return document.lineCount - 1;
}

/** Positions just inside the first inline formulas of the note (where a symbol usually stands). */
function formulaPositions(document: vscode.TextDocument, count: number): vscode.Position[] {
  const positions: vscode.Position[] = [];
  for (let line = 0; line < document.lineCount && positions.length < count; line++) {
    const match = /\$([A-Za-z])/.exec(document.lineAt(line).text);
    if (match) positions.push(new vscode.Position(line, match.index + 1));
  }
  return positions;
}

async function hoverTime(document: vscode.TextDocument, position: vscode.Position): Promise<number> {
  const start = performance.now();
  await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return performance.now() - start;
}

async function measureNote(name: string, text: string): Promise<NoteFigures> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.One, preview: false });
  // Linted: the status bar shows the note (a clean note may publish no diagnostics at all).
  await waitFor(async () => vscode.window.activeTextEditor === editor && await vscode.commands.executeCommand<string | undefined>('mlnotes.auditStatusText'),
    { timeout: 300_000, message: `${name} was not linted` });
  const figures: NoteFigures = {
    name, kb: text.length / 1024, diagnostic: [], diagnosticEvent: [], diagnosticWithPreview: [], preview: [], painted: [], posted: [], blocks: 0, hoverFirst: NaN, hover: [],
    stages: { closed: {}, open: {} },
  };

  await takeTimings();
  const profile = await startProfile();
  for (let n = 0; n < EDITS; n++) {
    const result = await typeFormula(editor, n, false);
    // Each edit as it is taken: a note whose run fails later still leaves these.
    console.log(`  ${name} edit ${n}: diagnostic ${ms(result.diagnostic)}`);
    figures.diagnostic.push(result.diagnostic);
    figures.diagnosticEvent.push(result.event);
  }

  // The hover right after an edit infers the formula's shapes; the next ones on this version reuse them.
  const positions = formulaPositions(editor.document, EDITS + 1);
  if (positions.length > 0) {
    figures.hoverFirst = await hoverTime(editor.document, positions[0]);
    for (const position of positions.slice(1)) figures.hover.push(await hoverTime(editor.document, position));
  }
  await profile?.stop(name);
  figures.stages.closed = await takeTimings();

  console.log(`  ${name}: opening the preview`);
  await vscode.commands.executeCommand('mlnotes.showPreviewToSide');
  await waitFor(async () => {
    const report = await vscode.commands.executeCommand<PreviewReport | undefined>('mlnotes._test.previewState', { version: editor.document.version, fresh: false });
    return report?.state && report.state.version >= editor.document.version;
  }, { timeout: 120_000, message: `the preview never showed ${name}` });
  await takeTimings();
  for (let n = EDITS; n < 2 * EDITS; n++) {
    const result = await typeFormula(editor, n, true);
    console.log(`  ${name} edit ${n} (preview open): diagnostic ${ms(result.diagnostic)}, preview ${ms(result.preview ?? NaN)}`);
    figures.diagnosticWithPreview.push(result.diagnostic);
    figures.preview.push(result.preview!);
    figures.painted.push(result.painted ?? NaN);
    figures.posted.push(result.report?.render?.posted ?? NaN);
    figures.blocks = result.report?.render?.blocks ?? 0;
  }
  figures.stages.open = await takeTimings();
  await closeAllEditors();
  return figures;
}

const COLUMNS: [string, number][] = [['size', 8], ['keystroke → diagnostic', 24], ['minus debounce', 16], ['same, preview open', 20], ['keystroke → preview', 21],
  ['blocks sent / on page', 23], ['hover (first, then median)', 26]];

function printFigures(f: NoteFigures, lintDebounce: number): void {
  const cells = [`${f.kb.toFixed(0)} KB`, ms(median(f.diagnostic)), ms(median(f.diagnostic) - lintDebounce), ms(median(f.diagnosticWithPreview)),
    ms(median(f.preview)), `${median(f.posted)} / ${f.blocks}`, `${ms(f.hoverFirst)}, ${ms(median(f.hover))}`];
  console.log(`\n${f.name}`);
  console.log(`  ${COLUMNS.map(([title, width]) => title.padEnd(width)).join('')}`);
  console.log(`  ${cells.map((cell, i) => cell.padEnd(COLUMNS[i][1])).join('')}`);
  console.log('  stage medians (ms; × how many), edits with the preview closed and the hovers | edits with the preview open:');
  for (const stage of [...new Set([...Object.keys(f.stages.closed), ...Object.keys(f.stages.open)])].sort()) {
    const [closed, open] = [f.stages.closed[stage], f.stages.open[stage]].map((v) => (v ? `${median(v).toFixed(1)} (×${v.length})` : '-'));
    console.log(`    ${stage.padEnd(40)} ${closed.padStart(12)} | ${open.padStart(12)}`);
  }
  const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(' ');
  console.log(`  to the extension host's diagnostics event (VS Code delays it 50 ms): median ${ms(median(f.diagnosticEvent))}`);
  console.log(`  keystroke → the page's painted frame (its report's way back not counted): median ${ms(median(f.painted))}`);
  console.log(`  each edit (ms): diagnostic ${list(f.diagnostic)}; with preview open ${list(f.diagnosticWithPreview)}; preview ${list(f.preview)}`);
  // The row of the README's table of figures, ready to paste.
  console.log(`  README row: | ${f.kb.toFixed(0)} KB | ${ms(median(f.diagnostic))} (${ms(median(f.diagnostic) - lintDebounce)}) | ${ms(median(f.diagnosticWithPreview))} | `
    + `${ms(median(f.preview))} | ${median(f.posted)} / ${f.blocks} | ${ms(median(f.hover))} |`);
}

/** The notes the bench script wrote (MLNOTES_BENCH_NOTES: a folder of `*.md`, named by size). */
async function benchNotes(): Promise<[string, string][]> {
  const dir = testEnv('MLNOTES_BENCH_NOTES');
  if (!dir) throw new Error('MLNOTES_BENCH_NOTES is not set: run `npm run bench:vscode`.');
  const folder = workspaceFolder().with({ path: dir });
  const only = testEnv('MLNOTES_BENCH_ONLY')?.split(',');
  const names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name)
    .filter((name) => name.endsWith('.md') && (!only || only.some((size) => name.includes(size)))).sort();
  return Promise.all(names.map(async (name) => [name, new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)))] as [string, string]));
}

suite('bench:vscode', () => {
  test('figures of the extension in the editor', async function () {
    this.timeout(1_800_000);
    const notes = await benchNotes();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    if (extension.isActive) throw new Error('the extension is already active: activation cannot be timed');
    // Activation: from opening the first Markdown file to the extension being active (bundle load and activate()).
    const first = vscode.Uri.joinPath(workspaceFolder(), 'bench-activation.md');
    await vscode.workspace.fs.writeFile(first, new TextEncoder().encode('# Activation\n'));
    const opened = performance.now();
    await vscode.workspace.openTextDocument(first);
    await waitFor(() => extension.isActive, { timeout: 60_000, interval: 1, message: 'the extension did not activate' });
    const activation = performance.now() - opened;
    const activate = await vscode.commands.executeCommand<number>('mlnotes._test.activateMs');
    const evaluate = await vscode.commands.executeCommand<number>('mlnotes._test.evaluateMs');
    const context = await vscode.commands.executeCommand<number>('mlnotes._test.contextMs');
    const api = await vscode.commands.executeCommand<number>('mlnotes._test.apiMs');
    // The engine (parser, linter, renderer) is not part of activation: it loads when the first note is analysed.
    await waitFor(async () => vscode.commands.executeCommand<number | undefined>('mlnotes._test.engineLoadMs'), { timeout: 60_000, message: 'the engine never loaded' });
    const engineLoad = await vscode.commands.executeCommand<number>('mlnotes._test.engineLoadMs');

    const lintDebounce = vscode.workspace.getConfiguration('mlnotes').get<number>('lint.debounceMs', 120);
    const previewDebounce = vscode.workspace.getConfiguration('mlnotes').get<number>('preview.debounceMs', 100);
    console.log(`\nmlnotes in VS Code ${vscode.version} (${testEnv('MLNOTES_EXTENSION_HOST') ?? 'node'} extension host); medians of ${EDITS} edits;`);
    console.log(`debounce: lint ${lintDebounce} ms, preview ${previewDebounce} ms (mlnotes.preview.maxSizeKB raised for the bench so every note previews)`);
    console.log(`activation, ours: ${ms(evaluate + activate)} (evaluating the entry bundle's modules ${ms(evaluate)}, activate() ${ms(activate)}; reading and compiling`
      + ' the entry file come before its first statement and are not in it: the bench measures them outside VS Code, above)');
    console.log(`activation as seen from a test: ${ms(activation)} from opening the first Markdown file to active (VS Code resolving the file and its language,`
      + ` starting the extension host's activation, and ours); of it, VS Code building the extension's API object (the bundle's first require of 'vscode'): ${ms(api)},`
      + ` and its context between evaluating the bundle and activate(): ${ms(context)}`);
    console.log(`the engine, loaded by the first analysis after activation (not part of it): ${ms(engineLoad)}`);
    // Each note's figures as soon as they are taken: the 2 MB note takes long on a busy machine.
    for (const [name, text] of notes) printFigures(await measureNote(name, text), lintDebounce);
  });
});
