import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Only plain text structure survives: no scripts, handlers, styles, iframes or links. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'code', 'hr'],
  allowedAttributes: { ol: ['start'] },
  allowedSchemes: [],
  disallowedTagsMode: 'discard',
};

/** Render Markdown once, on the server, to small safe HTML for the screens. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return sanitizeHtml(html, SANITIZE).trim();
}
