// `npm run bench:vscode`: the extension's figures in a real VS Code (the
// integration harness, scripts/vscode-test/run.mjs), for a 5 KB, a 200 KB
// and a 2 MB note: keystroke → diagnostic, keystroke → preview update,
// hover latency, activation. The suite is test/vscode-bench/. It prints
// figures; it is not a timed test. The machine's load is printed with them.
// `npm run bench:vscode -- 5kb,200kb` measures only those notes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'notes', 'clean');
const MODEL_NOTE_BYTES = 200 * 1024;
/** Below mlnotes.lint.maxSizeKB (2048 KB), so the note is linted. */
const BIG_NOTE_CHARS = 2_000_000;

const withoutFrontMatter = (text: string) => text.replace(/^---\n[\s\S]*?\n---\n/, '');

/** The 200 KB model-style note of `npm run bench` (scripts/note-corpus.ts) when there is one, else the lecture fixtures one after another. */
async function modelNote(): Promise<{ text: string; source: string }> {
  const corpus = join(REPO, 'scripts', 'note-corpus.ts');
  if (existsSync(corpus)) {
    const { modelStyleNote } = (await import(corpus)) as { modelStyleNote: () => string };
    return { text: modelStyleNote(), source: 'scripts/note-corpus.ts' };
  }
  const lectures = readdirSync(FIXTURES).filter((name) => name.startsWith('lecture-')).sort().map((name) => readFileSync(join(FIXTURES, name), 'utf8'));
  let text = lectures[0];
  for (let i = 1; text.length < MODEL_NOTE_BYTES; i++) text += `\n${withoutFrontMatter(lectures[i % lectures.length])}`;
  return { text, source: 'the clean lecture fixtures one after another' };
}

/** `note` repeated (one front matter) up to `chars`. */
function grown(note: string, chars: number): string {
  const body = `\n${withoutFrontMatter(note)}`;
  let text = note;
  while (text.length + body.length <= chars) text += body;
  return text;
}

const ENTRY_LOADS = 5;

/**
 * Reading, compiling and evaluating the extension's entry bundle (what the
 * extension host does before activate()), each in a fresh Node process with
 * `vscode` stubbed: inside VS Code only the part from its first statement on
 * can be timed. The bundle is built by the harness if missing, so this runs after it.
 */
function entryLoadFigures(): string {
  const entry = join(REPO, 'dist', 'extension.js');
  if (!existsSync(entry)) return 'dist/extension.js not built';
  const times = Array.from({ length: ENTRY_LOADS }, () => Number(spawnSync(process.execPath,
    ['--import', 'tsx', join(REPO, 'scripts', 'vscode-test', 'vscode-stub.ts'), entry], { cwd: REPO, encoding: 'utf8' }).stdout.trim()));
  const sorted = [...times].sort((a, b) => a - b);
  return `${(statSync(entry).size / 1024).toFixed(0)} KB, required outside VS Code (read, compile, evaluate; plain Node, vscode stubbed): median ${sorted[ENTRY_LOADS >> 1].toFixed(1)} ms of ${times.map((t) => t.toFixed(1)).join(', ')}`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlnotes-bench-vscode-'));
  try {
    const small = readFileSync(join(FIXTURES, 'lecture-kernel-ridge.md'), 'utf8');
    const model = await modelNote();
    writeFileSync(join(dir, 'note-1-5kb.md'), small);
    writeFileSync(join(dir, 'note-2-200kb.md'), model.text);
    writeFileSync(join(dir, 'note-3-2mb.md'), grown(model.text, BIG_NOTE_CHARS));
    console.log(`[bench:vscode] notes: lecture-kernel-ridge.md; the 200 KB note from ${model.source}; that note repeated to 2 MB`);
    console.log(`[bench:vscode] load average before: ${loadavg().map((n) => n.toFixed(2)).join(' ')} (${cpus().length} cores)`);
    const result = spawnSync(process.execPath, [join(REPO, 'scripts', 'vscode-test', 'run.mjs')], {
      cwd: REPO,
      stdio: 'inherit',
      env: {
        ...process.env,
        MLNOTES_VSCODE_TESTS_DIR: join(REPO, 'test', 'vscode-bench'),
        MLNOTES_VSCODE_TEST_TIMEOUT: process.env.MLNOTES_VSCODE_TEST_TIMEOUT ?? '2400',
        MLNOTES_BENCH_NOTES: dir,
        // `npm run bench:vscode -- 5kb,200kb`: only these notes.
        ...(process.argv[2] ? { MLNOTES_BENCH_ONLY: process.argv[2] } : {}),
        // The 2 MB note is above the preview's default limit (1024 KB), where it updates on save only.
        MLNOTES_VSCODE_SETTINGS: JSON.stringify({ 'mlnotes.preview.maxSizeKB': 4096 }),
      },
    });
    console.log(`[bench:vscode] load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
    console.log(`[bench:vscode] the entry bundle dist/extension.js: ${entryLoadFigures()}`);
    process.exitCode = result.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
