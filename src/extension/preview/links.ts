/**
 * What a click on a link in the preview may do. No `vscode` import, so unit
 * tests can check the policy directly.
 */
export type LinkAction =
  | { kind: 'external'; url: string }
  | { kind: 'file'; path: string; fragment?: string }
  /** Why, as a message id the extension turns into the user's language (`scheme` names the refused one). */
  | { kind: 'reject'; reason: 'scheme' | 'not-relative' | 'malformed'; scheme?: string };

/** http(s) and mailto open outside; a relative path opens in VS Code; anything else (javascript:, data:, file:, command:, vscode:) is refused. */
export function classifyLink(href: string): LinkAction {
  const trimmed = href.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https' || scheme === 'mailto') return { kind: 'external', url: trimmed };
  if (scheme !== undefined) return { kind: 'reject', reason: 'scheme', scheme };
  if (trimmed === '' || trimmed.startsWith('//')) return { kind: 'reject', reason: 'not-relative' };
  const [path, fragment] = trimmed.split('#', 2);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { kind: 'reject', reason: 'malformed' };
  }
  return { kind: 'file', path: decoded, fragment: fragment || undefined };
}
