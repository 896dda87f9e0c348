// The one config loader, run through both of its file systems: the CLI's
// (`node:fs`, on a real temporary folder) and the extension's (a
// `workspace.fs`-shaped fake behind the same adapter the extension uses).
// Every case must give the same errors, at the same JSON nodes, in both.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResolver, joinPath, parentPath, type ConfigFileSystem, type LoadedConfig } from '../../src/core/config-loader';
import { jsonWork, MAX_JSON_BYTES } from '../../src/core/json';
import { nodeConfigFs } from '../../src/cli/config-fs';
import { cli as runCliIn } from '../support/cli';
import { workspaceConfigFs, type UriLike, type WorkspaceFs } from '../../src/extension/config-fs';

/** A file tree: path (relative to the root) → text; a value of `{ type }` is a folder or a special file. */
type Tree = Record<string, string | { type: 'directory' | 'device' }>;

// ------------------------------------------------------------ the two adapters

function writeTree(root: string, tree: Tree): void {
  for (const [path, content] of Object.entries(tree)) {
    const full = join(root, path);
    if (typeof content !== 'string') {
      if (content.type === 'directory') mkdirSync(full, { recursive: true });
      continue; // Devices exist only on the fake side; the node side uses /dev/zero itself.
    }
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
}

class FakeUri implements UriLike {
  constructor(readonly path: string) {}
  with(change: { path: string }): FakeUri { return new FakeUri(change.path); }
  toString(): string { return `memfs://host${this.path}`; }
}

/** Counts reads, so a test can check that a refused file was never read. */
function fakeWorkspaceFs(root: string, tree: Tree): WorkspaceFs & { reads: string[] } {
  const files = new Map<string, string | { type: 'directory' | 'device' }>();
  for (const [path, content] of Object.entries(tree)) {
    files.set(joinPath(root, path), content);
    for (let dir = parentPath(joinPath(root, path)); !files.has(dir); dir = parentPath(dir)) {
      files.set(dir, { type: 'directory' });
      if (dir === '/') break;
    }
  }
  const notFound = (uri: { path: string }) => Object.assign(new Error(`${uri.path} not found`), { code: 'FileNotFound' });
  const reads: string[] = [];
  return {
    reads,
    async stat(uri) {
      const entry = files.get(uri.path);
      if (entry === undefined) throw notFound(uri);
      if (typeof entry === 'string') return { type: 1, size: Buffer.byteLength(entry), ctime: 0, mtime: 0 };
      return { type: entry.type === 'directory' ? 2 : 0, size: 0, ctime: 0, mtime: 0 };
    },
    async readFile(uri) {
      reads.push(uri.path);
      const entry = files.get(uri.path);
      if (typeof entry !== 'string') throw notFound(uri);
      return new TextEncoder().encode(entry);
    },
    async readDirectory(uri) {
      const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
      return [...files.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
        .map((p) => [p.slice(prefix.length), 1]);
    },
  } as WorkspaceFs & { reads: string[] };
}

interface Adapter {
  name: string;
  /** The loader's file system over `tree`, and the root folder's loader path. */
  make(tree: Tree): { fs: ConfigFileSystem; root: string; cleanup(): void };
}

const adapters: Adapter[] = [
  {
    name: 'CLI (node:fs)',
    make(tree) {
      const root = mkdtempSync(join(tmpdir(), 'mlnotes-loader-'));
      writeTree(root, tree);
      return { fs: nodeConfigFs, root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 'extension (workspace.fs)',
    make(tree) {
      const root = '/ws';
      return { fs: workspaceConfigFs(fakeWorkspaceFs(root, tree), new FakeUri(root)), root, cleanup: () => undefined };
    },
  },
];

/** Loads the config of a note in `noteDir` and describes its errors as `file:line:column message`. */
async function load(adapter: Adapter, tree: Tree, noteDir = '.'): Promise<{ loaded: LoadedConfig; errors: string[] }> {
  const { fs, root, cleanup } = adapter.make(tree);
  try {
    const loaded = await new ConfigResolver(fs).forFolder(joinPath(root, noteDir));
    const errors = loaded.errors.map((e) => `${e.file.slice(root.length + 1)}:${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`);
    return { loaded, errors };
  } finally {
    cleanup();
  }
}

// ------------------------------------------------------------ the table

const badSection = { number: '1', title: 'A', role: 'nonsense' };
const format = (id: string, section: object = { number: '1', title: 'A' }) =>
  JSON.stringify({ id, name: id.toUpperCase(), sections: [section] }, null, 2);
const deep = (n: number) => `{"customFormats": [${'['.repeat(n)}${']'.repeat(n)}]}`;

interface Case {
  name: string;
  tree: Tree;
  noteDir?: string;
  /** Expected errors (`file:line:column message`, message as a prefix). */
  errors: string[];
  check?: (loaded: LoadedConfig) => void;
}

const cases: Case[] = [
  {
    name: 'a bad value in an inline custom format: at its node in the config',
    tree: { '.mlnotes.json': `{\n  "customFormats": [\n    ${JSON.stringify({ id: 'x', name: 'X', sections: [badSection] })}\n  ]\n}` },
    errors: ['.mlnotes.json:3:71 Custom format customFormats[0]: $.sections[0].role must be one of'],
    check: (loaded) => assert.equal(loaded.formats.some((f) => f.id === 'x'), false),
  },
  {
    name: 'a bad value in a custom format file: at its node in that file',
    tree: { '.mlnotes.json': '{"customFormats": ["formats/paper.json"]}', 'formats/paper.json': format('paper', badSection) },
    errors: ['formats/paper.json:8:15 Custom format: $.sections[0].role must be one of'],
  },
  {
    name: 'a *.mlnotes-format.json beside the config is loaded unlisted, its errors at their node',
    tree: { '.mlnotes.jsonc': '{}', 'good.mlnotes-format.json': format('good'), 'bad.mlnotes-format.json': format('bad', badSection) },
    errors: ['bad.mlnotes-format.json:8:15 Custom format: $.sections[0].role must be one of'],
    check: (loaded) => assert.ok(loaded.formats.some((f) => f.id === 'good')),
  },
  {
    name: 'a format id already in use: at the id',
    tree: { '.mlnotes.json': '{"customFormats": ["a.json"]}', 'a.json': format('lecture') },
    errors: ['a.json:2:9 Custom format: $.id format id "lecture" is already in use.'],
  },
  {
    name: 'a missing format file: at its entry in the config',
    tree: { '.mlnotes.json': '{"customFormats": ["nope.json"]}' },
    errors: ['.mlnotes.json:1:20 Cannot read custom format "nope.json": no such file.'],
  },
  {
    name: 'a folder named as a format: refused at its entry',
    tree: { '.mlnotes.json': '{"customFormats": ["sub"]}', sub: { type: 'directory' } },
    errors: ['.mlnotes.json:1:20 Cannot read custom format "sub": a folder; only regular files are read.'],
  },
  {
    name: 'a bad config value: at its node, the defaults in force',
    tree: { '.mlnotes.json': '{\n  "rules": {"bare-tex": "loud"},\n  "macros": {"\\\\R": "\\\\mathbb{R}"}\n}' },
    errors: ['.mlnotes.json:2:25 "rules.bare-tex" must be one of "off", "info", "warning", "error".'],
    check: (loaded) => assert.deepEqual(loaded.config.macros, {}),
  },
  {
    name: 'found upward from the note; .mlnotes.json wins over .mlnotes.jsonc',
    tree: { '.mlnotes.json': '{"macros": {"\\\\R": "\\\\mathbb{R}"}}', '.mlnotes.jsonc': '{"macros": {}}', 'a/b/note.md': '' },
    noteDir: 'a/b',
    errors: [],
    check: (loaded) => {
      assert.match(loaded.file ?? '', /\/\.mlnotes\.json$/);
      assert.deepEqual(loaded.config.macros, { '\\R': '\\mathbb{R}' });
    },
  },
  {
    name: 'a config nested 50 000 levels: one error at the first bracket too deep, no stack overflow',
    tree: { '.mlnotes.json': deep(50_000) },
    errors: ['.mlnotes.json:1:82 Nested more than 64 levels deep here; not read.'],
  },
  {
    name: 'a format file nested 50 000 levels: the same, in the format file',
    tree: { '.mlnotes.json': '{"customFormats": ["f.json"]}', 'f.json': `{"id": "f", "sections": ${'['.repeat(50_000)}${']'.repeat(50_000)}}` },
    errors: ['f.json:1:88 Nested more than 64 levels deep here; not read.'],
  },
  {
    name: 'a format file over the size limit: refused without reading',
    tree: { '.mlnotes.json': '{"customFormats": ["big.json"]}', 'big.json': `{"id": "big", "description": "${'x'.repeat(MAX_JSON_BYTES)}"}` },
    errors: ['.mlnotes.json:1:20 Cannot read custom format "big.json": larger than 4 MB; not read.'],
  },
  {
    name: '40 000 invalid vagueWords: the first 20 errors and a count',
    tree: { '.mlnotes.json': JSON.stringify({ vagueWords: Array(40_000).fill(1) }) },
    errors: [
      ...Array.from({ length: 20 }, (_, i) => `.mlnotes.json:1:${16 + 2 * i} "vagueWords[${i}]" must be string.`),
      '.mlnotes.json:1:56 … and 39980 more errors in this file.',
    ],
  },
];

describe('config loader: the CLI and the extension adapters agree', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const results = [];
      for (const adapter of adapters) {
        const { loaded, errors } = await load(adapter, c.tree, c.noteDir);
        assert.equal(errors.length, c.errors.length, `${adapter.name}: ${errors.join('\n')}`);
        errors.forEach((error, i) => assert.ok(error.startsWith(c.errors[i]), `${adapter.name}: got\n${error}\nexpected\n${c.errors[i]}`));
        c.check?.(loaded);
        results.push(errors);
      }
      assert.deepEqual(results[0], results[1]);
    });
  }
});

describe('config loader: hostile files', () => {
  it('a device named as a format is refused after a stat, never read (extension)', async () => {
    const fake = fakeWorkspaceFs('/ws', { '.mlnotes.json': '{"customFormats": ["zero"]}', zero: { type: 'device' } });
    const loaded = await new ConfigResolver(workspaceConfigFs(fake, new FakeUri('/ws'))).forFolder('/ws');
    assert.match(loaded.errors[0].message, /Cannot read custom format "zero": not a regular file/);
    assert.deepEqual(fake.reads, ['/ws/.mlnotes.json']);
  });

  it('/dev/zero and a FIFO named as formats are refused, not read (CLI)', async function () {
    if (process.platform === 'win32') this.skip();
    const root = mkdtempSync(join(tmpdir(), 'mlnotes-loader-'));
    try {
      const fifo = spawnSync('mkfifo', [join(root, 'pipe.json')]);
      writeFileSync(join(root, '.mlnotes.json'), JSON.stringify({ customFormats: ['/dev/zero', ...(fifo.status === 0 ? ['pipe.json'] : [])] }));
      const loaded = await new ConfigResolver(nodeConfigFs).forFolder(root);
      assert.match(loaded.errors[0].message, /"\/dev\/zero": not a regular file/);
      if (fifo.status === 0) assert.match(loaded.errors[1].message, /"pipe\.json": not a regular file/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('error reporting grows linearly: 10 000 → 40 000 invalid vagueWords, 5 000 → 20 000 invalid macro names or values', async () => {
    const work = async (config: object) => {
      const text = JSON.stringify(config);
      const tree = { '.mlnotes.json': text };
      jsonWork.steps = 0;
      const loaded = await new ConfigResolver(workspaceConfigFs(fakeWorkspaceFs('/ws', tree), new FakeUri('/ws'))).forFolder('/ws');
      assert.ok(loaded.errors.length > 0 && loaded.errors.length <= 21);
      return jsonWork.steps;
    };
    const vague = [await work({ vagueWords: Array(10_000).fill(1) }), await work({ vagueWords: Array(40_000).fill(1) })];
    const macros = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`bad${i}`, 'x']));
    const names = [await work({ macros: macros(5_000) }), await work({ macros: macros(20_000) })];
    const letters = (i: number): string => (i < 26 ? '' : letters(Math.floor(i / 26) - 1)) + String.fromCharCode(97 + (i % 26));
    const values = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`\\${letters(i)}`, i]));
    const badValues = [await work({ macros: values(5_000) }), await work({ macros: values(20_000) })];
    for (const [small, large] of [vague, names, badValues]) {
      assert.ok(small > 0);
      assert.ok(large / small <= 4.5, `work grew ${large / small}× for 4× the entries`);
    }
  });
});

describe('config loader: hostile configs through the CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlnotes-hostile-'));
    writeFileSync(join(dir, 'note.md'), 'Plain text with $x$.\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[]) => runCliIn(args, dir);

  it('a config nested 50 000 levels: lint and render exit 2 with the place, no RangeError', async () => {
    writeFileSync(join(dir, '.mlnotes.json'), deep(50_000));
    for (const command of ['lint', 'render']) {
      const { code, stderr } = await cli([command, 'note.md']);
      assert.equal(code, 2, command);
      assert.match(stderr, /\.mlnotes\.json:1:82: Nested more than 64 levels deep here; not read\. \(defaults used\)/);
      assert.doesNotMatch(stderr, /RangeError|at .*\.ts:\d+/);
    }
  });

  it('customFormats naming /dev/zero: exit 2 with a message, nothing read', async function () {
    if (process.platform === 'win32') this.skip();
    writeFileSync(join(dir, '.mlnotes.json'), '{"customFormats": ["/dev/zero"]}');
    const { code, stderr } = await cli(['lint', 'note.md']);
    assert.equal(code, 2);
    assert.match(stderr, /\.mlnotes\.json:1:20: Cannot read custom format "\/dev\/zero": not a regular file/);
  });

  it('new --format-file naming /dev/zero or a format nested 50 000 levels: exit with a message', async function () {
    if (process.platform === 'win32') this.skip();
    const zero = await cli(['new', '--format-file', '/dev/zero', 'Topic']);
    assert.notEqual(zero.code, 0);
    assert.match(zero.stderr, /cannot read \/dev\/zero: not a regular file/);
    writeFileSync(join(dir, 'deep.json'), deep(50_000));
    const nested = await cli(['new', '--format-file', 'deep.json', 'Topic']);
    assert.equal(nested.code, 2);
    assert.match(nested.stderr, /deep\.json: \$: Nested more than 64 levels deep here; not read \(at line 1, column 82\)/);
  });

  it('40 000 invalid vagueWords: lint prints 20 errors and a count', async () => {
    writeFileSync(join(dir, '.mlnotes.json'), JSON.stringify({ vagueWords: Array(40_000).fill(1) }));
    const { code, stderr } = await cli(['lint', 'note.md']);
    assert.equal(code, 2);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 21);
    assert.match(lines[20], /… and 39980 more errors in this file\./);
  });
});

describe('one config loader, one settings reader', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return entry.name.endsWith('.ts') ? [full] : [];
    });
  }
  const where = (pattern: RegExp) => sources('src').filter((file) => pattern.test(readFileSync(file, 'utf8'))).sort();

  it('only src/core/config-loader.ts names config files or parses configs', () => {
    assert.deepEqual(where(/['"]\.mlnotes\.jsonc?['"]/), ['src/core/config-loader.ts']);
    assert.deepEqual(where(/\bparseConfigText\(/), ['src/core/config-loader.ts', 'src/core/config.ts']);
  });

  it('only src/extension/settings.ts reads the mlnotes.* settings', () => {
    assert.deepEqual(where(/getConfiguration\(/), ['src/extension/settings.ts']);
  });
});
