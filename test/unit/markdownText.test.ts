import * as assert from 'assert';
import { cutForLayout, markdownText } from '../../src/views/markdownText';
import { hostileStrings } from '../integration/hostileStrings';

// markdown-it (with linkify) renders the Markdown as a CommonMark renderer with autolinks would; VS Code's
// workbench uses marked with GFM, whose autolink patterns are checked on the escaped source below.
const MarkdownIt = require('markdown-it');
const md = new MarkdownIt({ html: false, linkify: true });
// marked's GFM autolink and its inline text stop: a URL starts where the source reads scheme://, www. or x@y.z.
const GFM_AUTOLINK = /(?:https?|ftp):\/\/|www\.|[A-Za-z0-9._+-]+@[a-zA-Z0-9-_]+(?:\.[a-zA-Z0-9-_]*[a-zA-Z0-9])+/;

const CLUSTER_TEXT = [
  'GET http://127.0.0.1:1/x failed: connection refused, see https://example.com/a?b=c&d=e',
  'mirror www.example.org down; mail ops@example.com or ftp://files.example.net/pub',
  'the process keeps itself alive * _not emphasis_ [x](http://127.0.0.1:1/y) <http://127.0.0.1:1/z>',
  '# not a heading\n> not a quote\n- not a list\n1. not a list\n    not code\n===\n| a | b |',
];

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('cluster text as Markdown', () => {
  it('renders no link, tag or block for cluster strings, URLs included', () => {
    for (const s of [...CLUSTER_TEXT, ...hostileStrings(40)]) {
      const src = markdownText(s);
      const html: string = md.render(src);
      assert.ok(!/<a[\s>]/.test(html), `a link from ${JSON.stringify(s)}: ${html}`);
      assert.ok(!/<(h\d|blockquote|ul|ol|pre|code|table|hr|em|strong|img)[\s>]/.test(html), `markup: ${html}`);
      assert.ok(!GFM_AUTOLINK.test(src), `GFM would autolink ${JSON.stringify(src)}`);
    }
  });

  it('renders the text itself, words whole: no non-breaking spaces', () => {
    const s = CLUSTER_TEXT[0];
    const src = markdownText(s);
    assert.ok(!/&nbsp;|\u00a0/.test(src), src);
    assert.strictEqual(text(md.render(src)).trim(), s);
    assert.strictEqual(text(md.render(markdownText('keeps  itself\talive'))).trim(), 'keeps itself alive');
  });

  it('keeps each line of a multi-line message, as line breaks inside one paragraph', () => {
    const html: string = md.render(markdownText('line one\n\nline two\r\n  indented three'));
    assert.strictEqual((html.match(/<p>/g) ?? []).length, 1, html);
    assert.strictEqual(text(html).replace(/\n/g, '|'), 'line one|line two|indented three|');
  });

  it('cuts long text only for layout, and says it did', () => {
    assert.deepStrictEqual(cutForLayout('short'), { text: 'short', cut: false });
    const long = cutForLayout('A'.repeat(10_000));
    assert.ok(long.cut && long.text.length <= 400 && long.text.endsWith('…'));
    assert.ok(cutForLayout(Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n')).cut);
  });
});
