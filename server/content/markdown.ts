import { Lexer, marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Only plain text structure survives: no scripts, handlers, styles, iframes or links. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'code', 'hr'],
  allowedAttributes: { ol: ['start'] },
  allowedSchemes: [],
  disallowedTagsMode: 'discard',
};

/** Something a writer typed that the screens leave out: what to tell them, and the text to find its line by. */
export interface Dropped {
  message: string;
  /** As typed in the Markdown (its first line is searched for in the file). */
  snippet: string;
}

/** Raw HTML exactly as marked itself recognises it (CommonMark's definition): a tag, a comment, a declaration. */
const HTML_TAG = Lexer.rules.inline.gfm.tag;
/** Elements whose content is no text for a reader: left out together with their tags. */
const WITH_CONTENT = new Set(['script', 'style', 'textarea', 'iframe', 'object', 'noscript', 'template', 'svg', 'math', 'select', 'title']);
/**
 * How far a tag is looked for: each `<` is tried, so an unbounded look would cost the square of a
 * hostile file's length. A longer tag (only a comment is ever that long) marked still finds; it is
 * then named among what was left out.
 */
const TAG_WINDOW = 1000;
const MARKDOWN_HINT = 'gebruik Markdown, zoals **vet**, *schuin* of een lijstje met -';

/** A snippet as a message quotes it: one line, not too long. */
function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

/**
 * Takes raw HTML out of Markdown before marked sees it, saying what went: a tag goes and its text
 * stays (so `<div>**vet**</div>` is still bold text, not a block of raw Markdown), a script or style
 * goes with its content, a comment goes without a word (it was never meant to be seen). Code spans
 * and escaped characters are left as they are: there `<b>` is text.
 */
function withoutHtml(markdown: string): { markdown: string; dropped: Dropped[] } {
  const dropped: Dropped[] = [];
  const named = new Set<string>();
  const drop = (key: string, snippet: string, message: string) => {
    if (named.has(key)) return;
    named.add(key);
    dropped.push({ message, snippet });
  };
  let out = '';
  let at = 0;
  // Where the next comment ends (Infinity: nowhere), looked up once per comment rather than per `<!--`.
  let commentEnd: number | null = null;
  while (at < markdown.length) {
    const char = markdown[at]!;
    if (char === '\\') {
      out += markdown.slice(at, at + 2);
      at += 2;
      continue;
    }
    if (char === '`' || markdown.startsWith('~~~', at)) {
      const fence = /^(`+|~{3,})/.exec(markdown.slice(at))![1]!;
      const end = markdown.indexOf(fence, at + fence.length);
      const until = end === -1 ? at + fence.length : end + fence.length;
      out += markdown.slice(at, until);
      at = until;
      continue;
    }
    if (markdown.startsWith('<!--', at)) {
      if (commentEnd === null || commentEnd < at + 2) {
        const found = markdown.indexOf('-->', at + 2);
        commentEnd = found === -1 ? Infinity : found;
      }
      // `<!-->` and `<!--->` are whole comments too (CommonMark); one never closed is text.
      const end = /^<!---?>/.exec(markdown.slice(at, at + 6))?.[0].length ?? (commentEnd === Infinity ? 0 : commentEnd + 3 - at);
      if (end) {
        at += end;
        continue;
      }
    }
    const tag = char === '<' ? HTML_TAG.exec(markdown.slice(at, at + TAG_WINDOW))?.[0] : undefined;
    if (!tag) {
      out += char;
      at += 1;
      continue;
    }
    at += tag.length;
    const name = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(tag)?.[1]?.toLowerCase();
    if (!name) {
      drop(tag, tag, `${quote(tag)} is weggelaten: HTML werkt hier niet`);
    } else if (WITH_CONTENT.has(name) && !tag.startsWith('</')) {
      const close = new RegExp(`</${name}\\s*>`, 'i').exec(markdown.slice(at));
      at = close ? at + close.index + close[0].length : markdown.length;
      drop(name, tag, name === 'script' ? '<script> is weggelaten, met alles wat erin staat: een script werkt hier niet' : `<${name}> is weggelaten, met alles wat erin staat: HTML werkt hier niet`);
    } else {
      drop(name, tag, `<${name}> is weggelaten: HTML werkt hier niet. De tekst ernaast blijft staan; ${MARKDOWN_HINT}`);
      if (name === 'br') out += ' ';
    }
  }
  return { markdown: out, dropped };
}

/**
 * Render Markdown once, on the server, to small safe HTML for the screens, and say what was left
 * out on the way: HTML, links (their text stays) and pictures.
 */
export function renderMarkdownChecked(markdown: string): { html: string; dropped: Dropped[] } {
  const { markdown: text, dropped } = withoutHtml(markdown);
  const tokens = marked.lexer(text, { gfm: true });
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'html') {
      // What marked still takes for HTML (a tag it reads differently, an unclosed one): the sanitiser drops it.
      dropped.push({ message: `${quote(token.raw)} is weggelaten: HTML werkt hier niet; ${MARKDOWN_HINT}`, snippet: token.raw });
    } else if (token.type === 'link' && !token.autolink) {
      const text = quote(token.text);
      dropped.push({
        message: /^\s*javascript:/i.test(token.href)
          ? `de link „${text}” naar ${quote(token.href)} is weggelaten: zo’n link is niet veilig. Alleen de tekst „${text}” blijft staan`
          : `links werken hier niet: het adres ${quote(token.href)} is weggelaten, alleen de tekst „${text}” blijft staan`,
        snippet: token.raw,
      });
    } else if (token.type === 'image') {
      dropped.push({ message: `plaatjes werken hier niet: ${quote(token.raw)} is weggelaten`, snippet: token.raw });
    }
  });
  const html = sanitizeHtml(marked.parser(tokens, { gfm: true }), SANITIZE).trim();
  return { html, dropped };
}

/** Render Markdown once, on the server, to small safe HTML for the screens. */
export function renderMarkdown(markdown: string): string {
  return renderMarkdownChecked(markdown).html;
}
