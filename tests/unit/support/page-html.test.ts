import { describe, expect, it } from 'vitest';
import { checkPageHtml } from '../../support/page-html.ts';

const pageUrl = 'http://127.0.0.1:4322/wm/event-loop/';
/** A page with one h1 and `body` in its body. */
const page = (body: string, head = '') =>
  `<!doctype html><html><head>${head}</head><body><h1>Title</h1>${body}</body></html>`;

describe.each([
  { case: 'a page of the site itself', html: page('<p>Text</p>'), problems: [] },
  {
    case: 'same-origin assets, relative and absolute, and data and blob URLs',
    html: page(
      '<img src="../diagrams/a.svg" srcset="a.png 1x, /wm/a@2x.png 2x"><script src="/wm/_astro/x.js"></script>' +
        '<img src="data:image/png;base64,iVBO"><video poster="blob:http://127.0.0.1:4322/1"></video>',
      '<link rel="stylesheet" href="/wm/_astro/a.css"><link rel="icon" href="http://127.0.0.1:4322/favicon.svg">',
    ),
    problems: [],
  },
  {
    case: 'links to follow and <link>s that only name a page, on other origins',
    html: page(
      '<a href="https://docs.python.org/3/">docs</a><map><area href="https://example.org/"></map>',
      '<link rel="canonical" href="https://example.org/wm/event-loop/"><link rel="alternate" href="https://example.org/feed.xml">',
    ),
    problems: [],
  },
  {
    case: 'an h1 inside a script or a comment, which is not an element',
    html: page('<script>document.write("<h1>x</h1>")</script><!-- <h1>old</h1> -->'),
    problems: [],
  },
  {
    case: 'two h1s',
    html: page('<h1>Another</h1>'),
    problems: ['2 <h1> elements, not one'],
  },
  {
    case: 'no h1',
    html: '<html><body><h2>Only a section</h2></body></html>',
    problems: ['0 <h1> elements, not one'],
  },
  {
    case: 'a script from a CDN',
    html: page(
      '<script type="module" src="https://cdn.jsdelivr.net/pyodide/pyodide.mjs"></script>',
    ),
    problems: ['<script> loads from another origin: https://cdn.jsdelivr.net/pyodide/pyodide.mjs'],
  },
  {
    case: 'a protocol-relative font stylesheet and a preload on another port',
    html: page(
      '',
      '<link rel="stylesheet" href="//fonts.googleapis.com/css2?family=Inter">' +
        '<link rel="preload" as="fetch" href="http://127.0.0.1:9999/data.json">',
    ),
    problems: [
      '<link> loads from another origin: http://fonts.googleapis.com/css2?family=Inter',
      '<link> loads from another origin: http://127.0.0.1:9999/data.json',
    ],
  },
  {
    case: 'a link whose rel is both naming and fetching',
    html: page('', '<link rel="alternate stylesheet" href="https://example.org/dark.css">'),
    problems: ['<link> loads from another origin: https://example.org/dark.css'],
  },
  {
    case: 'a srcset candidate, an iframe and an SVG <use> on other origins',
    html: page(
      '<img src="a.png" srcset="a.png 1x, https://img.example.org/a@2x.png 2x">' +
        '<iframe src="https://www.youtube.com/embed/x"></iframe>' +
        '<svg><use href="https://example.org/icons.svg#i"></use></svg>',
    ),
    problems: [
      '<img> loads from another origin: https://img.example.org/a@2x.png',
      '<iframe> loads from another origin: https://www.youtube.com/embed/x',
      '<use> loads from another origin: https://example.org/icons.svg#i',
    ],
  },
  {
    case: 'a <base> on another origin, which moves every relative URL there',
    html: page('<img src="a.png">', '<base href="https://example.org/">'),
    problems: [
      '<base> loads from another origin: https://example.org/',
      '<img> loads from another origin: https://example.org/a.png',
    ],
  },
  {
    case: 'a URL that does not parse',
    html: page('<img src="http://[broken/a.png">'),
    problems: ['<img> has a URL that does not parse: http://[broken/a.png'],
  },
])('checkPageHtml, given $case', ({ html, problems }) => {
  it('reports exactly what is wrong', () => {
    expect(checkPageHtml(html, pageUrl)).toEqual(problems);
  });
});
