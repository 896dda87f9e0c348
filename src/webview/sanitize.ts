/**
 * The preview's sanitizer: the policy of src/core/render/html-policy.ts
 * applied with DOMPurify, in the page, before any HTML of the note reaches
 * the document. The math of the render is put back afterwards (it is ours,
 * and needs the style attributes, SVG and MathML no note may bring).
 */
import DOMPurify from 'dompurify';
import { ALLOWED_TAGS, ELEMENT_ATTRIBUTES, GLOBAL_ATTRIBUTES, SLOT_TAG, attributeAllowed, fillSlots, urlAllowed, type MathSlots } from '../core/render/html-policy';

const purify = DOMPurify(window);

purify.addHook('uponSanitizeAttribute', (node, data) => {
  const tag = node.nodeName.toLowerCase();
  if (!attributeAllowed(tag, data.attrName)) data.keepAttr = false;
  else if ((data.attrName === 'href' || data.attrName === 'src') && !urlAllowed(tag, data.attrValue)) data.keepAttr = false;
});

const CONFIG = {
  ALLOWED_TAGS: [...ALLOWED_TAGS, SLOT_TAG],
  ALLOWED_ATTR: [...new Set([...GLOBAL_ATTRIBUTES, ...Object.values(ELEMENT_ATTRIBUTES).flat(), 'data-n'])],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

/** Body HTML of a render with slots: the note's HTML sanitized, then the math put back. */
export function sanitizeBody(html: string, slots: MathSlots | undefined): string {
  return fillSlots(purify.sanitize(html, CONFIG) as unknown as string, slots);
}
