import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Ready for translators: the manifest's texts live in package.nls.json
// (`%key%` in package.json), the extension's messages go through vscode.l10n.t.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { [key: string]: Json };
const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;

/** Every `%key%` placeholder anywhere in a JSON value. */
function placeholders(value: Json): string[] {
  if (typeof value === 'string') return [...value.matchAll(/^%([^%\s]+)%$/g)].map((m) => m[1]);
  if (Array.isArray(value)) return value.flatMap(placeholders);
  if (value && typeof value === 'object') return Object.values(value).flatMap(placeholders);
  return [];
}

/** The manifest's user-visible texts, by where they are: each must be a `%key%`. */
function visibleTexts(): Array<[string, Json | undefined]> {
  const contributes = manifest.contributes as { [key: string]: Json };
  const commands = contributes.commands as Array<{ [key: string]: Json }>;
  const configuration = contributes.configuration as { title: Json; properties: Record<string, { [key: string]: Json }> };
  return [
    ['displayName', manifest.displayName],
    ['description', manifest.description],
    ...commands.flatMap((c): Array<[string, Json | undefined]> => [[`${c.command}.title`, c.title], [`${c.command}.category`, c.category]]),
    ['configuration.title', configuration.title],
    ...Object.entries(configuration.properties).flatMap(([name, p]): Array<[string, Json | undefined]> => [
      [`${name}.description`, p.description ?? p.markdownDescription],
      ...((p.enumDescriptions ?? []) as Json[]).map((d, i): [string, Json] => [`${name}.enumDescriptions[${i}]`, d]),
    ]),
  ];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Places where the extension hands the user a literal text instead of
 * vscode.l10n.t(…). Errors thrown for programming mistakes are not scanned.
 */
export function unlocalised(source: string): string[] {
  const patterns = [
    /show(?:Information|Warning|Error)Message\(\s*[`'"]/g,
    /new vscode\.CodeAction\(\s*[`'"]/g,
    /\bsuper\(\s*[`'"][^`'"]*\s[^`'"]*[`'"]/g,
    /createWebviewPanel\([^,]+,\s*[`'"]/g,
    /\b(?:title|prompt|placeHolder|tooltip)\s*[:=]\s*[`'"][^`'"]*[A-Za-z]/g,
    /\.name\s*=\s*[`'"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[0]));
}

describe('localisable strings', () => {
  it('every text the manifest shows is a %key% of package.nls.json', () => {
    const literal = visibleTexts().filter(([, text]) => text !== undefined && !(typeof text === 'string' && /^%[^%\s]+%$/.test(text)));
    assert.deepEqual(literal, [], 'put the text in package.nls.json and write "%key%" in package.json');
  });

  it('package.nls.json has every key package.json names, and no other', () => {
    const used = new Set(placeholders(manifest));
    assert.deepEqual([...used].filter((key) => !(key in nls)), [], 'missing from package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), [], 'unused in package.json');
    for (const [key, text] of Object.entries(nls)) assert.ok(typeof text === 'string' && text.trim() !== '', `${key} is empty`);
  });

  it('finds a literal message handed to the user', () => {
    assert.deepEqual(unlocalised("vscode.window.showWarningMessage('Hello there');\nconst a = new vscode.CodeAction(`Fix ${x}`, k);"),
      ["showWarningMessage('", 'new vscode.CodeAction(`']);
    assert.deepEqual(unlocalised("vscode.window.showWarningMessage(vscode.l10n.t('Hello there'));"), []);
  });

  it('src/extension hands the user no literal message', () => {
    const offenders = sourceFiles('src/extension').flatMap((file) => unlocalised(readFileSync(file, 'utf8')).map((hit) => `${file}: ${hit}`));
    assert.deepEqual(offenders, []);
  });
});
