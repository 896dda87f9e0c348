/**
 * The one policy for raw HTML in a note (NOTE-SPEC §2), as data. The preview
 * page applies it with DOMPurify (src/webview/sanitize.ts), the export with
 * sanitize-html (./sanitize.ts); both read these tables, so they keep and
 * drop the same things.
 *
 * Only the note's HTML is untrusted: the math KaTeX renders (which needs
 * `style` attributes, SVG and MathML that no user HTML may bring) is put
 * aside before sanitizing and put back after, into slots no note can forge
 * (a `<mlnotes-slot>` carries a random nonce chosen per render).
 */

/** Elements a note may use: GitHub's everyday set (details/summary, sub/sup, kbd, tables…) and what our renderer writes. */
export const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt',
  'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q',
  'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
];

/** Elements dropped with everything inside them (not only their tags). */
export const DROPPED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'frame', 'object', 'embed', 'svg', 'math',
  'template', 'title', 'xmp', 'noembed', 'noframes', 'plaintext', 'select', 'head'];

/** Attributes on any allowed element: no event handler, no style, no form attribute. */
export const GLOBAL_ATTRIBUTES = ['class', 'id', 'title', 'lang', 'dir', 'align', 'data-line', 'data-diagnostics'];

/** Attributes allowed on one element only. */
export const ELEMENT_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'name'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'type', 'reversed'],
  li: ['value'],
  details: ['open'],
  time: ['datetime'],
};

/** URL schemes allowed in `href`; `src` of an image may also be `data:`. Relative URLs and `#fragment` are always allowed. */
export const URL_SCHEMES = ['http', 'https', 'mailto'];
export const IMAGE_URL_SCHEMES = ['http', 'https', 'data'];

/** Whether `name` may stand on `tag`. */
export function attributeAllowed(tag: string, name: string): boolean {
  if (tag === SLOT_TAG) return name === 'data-n';
  return GLOBAL_ATTRIBUTES.includes(name) || (ELEMENT_ATTRIBUTES[tag]?.includes(name) ?? false);
}

/** Whether a URL in `href`/`src` of `tag` is allowed: a relative URL (not `//host`), a fragment, or an allowed scheme. */
export function urlAllowed(tag: string, value: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme (`java\tscript:`).
  const url = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(url);
  if (!scheme) return !url.startsWith('//') && !url.startsWith('\\\\') && !url.startsWith('/\\');
  if (scheme[1] === 'data') return tag === 'img' && /^data:image\/(?:png|gif|jpe?g|webp|avif|bmp|svg\+xml)[;,]/.test(url);
  return (tag === 'img' ? IMAGE_URL_SCHEMES : URL_SCHEMES).includes(scheme[1]);
}

export const SLOT_TAG = 'mlnotes-slot';

/** The math of one render, taken out of the HTML: `<mlnotes-slot data-n="nonce:i">` stands for `html[i]`. */
export interface MathSlots { nonce: string; html: string[] }

export function slotMarkup(nonce: string, index: number): string {
  return `<${SLOT_TAG} data-n="${nonce}:${index}"></${SLOT_TAG}>`;
}

/** Puts the math back into sanitized HTML; a slot with another nonce (written in the note) is dropped. */
export function fillSlots(html: string, slots: MathSlots | undefined): string {
  if (!html.includes(SLOT_TAG)) return html;
  // A slot keeps no attribute but data-n (attributeAllowed), so the sanitizer writes it back exactly like this.
  return html.replace(/<mlnotes-slot(?: data-n="([0-9a-f]*):(\d+)")?>|<\/mlnotes-slot>/g, (_whole, nonce?: string, index?: string) =>
    (slots && nonce === slots.nonce ? slots.html[Number(index)] ?? '' : ''));
}
