/**
 * The export's sanitizer: the policy of ./html-policy.ts applied with
 * sanitize-html. The exported page has no script, so its HTML is cleaned
 * when it is written. sanitize-html parses with htmlparser2 and writes every
 * kept tag, attribute and text back escaped; it needs no DOM, so it runs the
 * same in the CLI, the extension host and a web worker (DOMPurify needs a
 * browser DOM, and its authors trust only jsdom for one outside a browser).
 */
import sanitizeHtml from 'sanitize-html';
import { ALLOWED_TAGS, DROPPED_WITH_CONTENT, ELEMENT_ATTRIBUTES, GLOBAL_ATTRIBUTES, IMAGE_URL_SCHEMES, SLOT_TAG, URL_SCHEMES, attributeAllowed, urlAllowed, fillSlots, type MathSlots } from './html-policy';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS, SLOT_TAG],
  allowedAttributes: { '*': GLOBAL_ATTRIBUTES, ...ELEMENT_ATTRIBUTES, [SLOT_TAG]: ['data-n'] },
  allowedSchemes: URL_SCHEMES,
  allowedSchemesByTag: { img: IMAGE_URL_SCHEMES },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  allowedStyles: {},
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  // The preview's URL test too (a scheme hidden by whitespace or control characters).
  transformTags: {
    '*': (tagName, attribs) => {
      const kept: sanitizeHtml.Attributes = {};
      for (const [name, value] of Object.entries(attribs)) {
        if (!attributeAllowed(tagName, name)) continue;
        if ((name === 'href' || name === 'src') && !urlAllowed(tagName, value)) continue;
        kept[name] = value;
      }
      return { tagName, attribs: kept };
    },
  },
};

/** Body HTML of a render with slots: the note's HTML sanitized, then the math put back. */
export function sanitizeBody(html: string, slots: MathSlots | undefined): string {
  return fillSlots(sanitizeHtml(html, OPTIONS), slots);
}
