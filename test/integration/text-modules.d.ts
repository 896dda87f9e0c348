// Test fixtures bundled in as text (esbuild's text loader, scripts/vscode-test/prepare.mjs).
declare module '*.md' {
  const text: string;
  export default text;
}
