// The preview page script (runs inside the webview).
export {};
