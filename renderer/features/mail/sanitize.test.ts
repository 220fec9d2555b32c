// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { STYLE_ATTRIBUTE, frameCsp, frameDocument, linkify, sanitizeMailHtml } from './sanitize';

const blocked = { allowRemote: false };

function parse(html: string): HTMLElement {
  const holder = document.createElement('div');
  holder.innerHTML = html;
  return holder;
}

describe('sanitizeMailHtml', () => {
  it('removes scripts, event handlers, forms, base and meta refresh', () => {
    const { html } = sanitizeMailHtml(
      '<p onclick="steal()">Bonjour</p><script>alert(1)</script><img src="data:image/png;base64,AA" onerror="steal()">' +
        '<form action="https://evil.example/"><input name="password"><button>OK</button></form>' +
        '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">' +
        '<iframe src="https://evil.example/"></iframe><svg><script>alert(2)</script></svg>',
      blocked,
    );
    const body = parse(html);
    expect(body.textContent).toContain('Bonjour');
    expect(html).not.toMatch(/script|onerror|onclick|<form|<input|<button|<base|<meta|<iframe|<svg|evil/i);
    expect(body.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,AA');
  });

  it('drops javascript: and other non-web links and keeps http, https and mailto', () => {
    const { html } = sanitizeMailHtml(
      '<a id="js" href="javascript:alert(1)">a</a><a id="js2" href=" JaVaScRiPt:alert(1)">b</a>' +
        '<a id="file" href="file:///etc/passwd">c</a><a id="web" href="https://example.org/x">d</a>' +
        '<a id="mail" href="mailto:alice@example.test">e</a>',
      blocked,
    );
    const body = parse(html);
    expect(body.querySelector('#js')?.hasAttribute('href')).toBe(false);
    expect(body.querySelector('#js2')?.hasAttribute('href')).toBe(false);
    expect(body.querySelector('#file')?.hasAttribute('href')).toBe(false);
    expect(body.querySelector('#web')?.getAttribute('href')).toBe('https://example.org/x');
    expect(body.querySelector('#mail')?.getAttribute('href')).toBe('mailto:alice@example.test');
  });

  it('blocks and counts remote images, srcset, background attributes and CSS url(); keeps cid: and data:', () => {
    const result = sanitizeMailHtml(
      '<style>body { background: url("https://track.example/bg.png") } .x { color: red }</style>' +
        '<img id="remote" src="https://track.example/pixel.gif" alt="pixel">' +
        '<img id="relative" src="//track.example/p.gif">' +
        '<img id="set" srcset="https://track.example/a.png 1x, https://track.example/b.png 2x">' +
        '<img id="cid" src="cid:logo@example.test">' +
        '<img id="data" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' +
        '<table background="http://track.example/t.png"><tr><td id="cell" style="color: blue; background-image: url(http://track.example/c.png)">x</td></tr></table>' +
        '<div id="local" style="background: url(cid:bg@example.test)">y</div>',
      blocked,
    );
    const body = parse(result.html);
    expect(result.blockedRemote).toBe(7);
    expect(result.remote).toBe(0);
    expect(result.html).not.toContain('track.example');
    expect(result.css).not.toContain('track.example');
    expect(result.css).toContain('color: red');
    expect(body.querySelector('#remote')?.hasAttribute('src')).toBe(false);
    expect(body.querySelector('#remote')?.getAttribute('alt')).toBe('pixel');
    expect(body.querySelector('#relative')?.hasAttribute('src')).toBe(false);
    expect(body.querySelector('#set')?.hasAttribute('srcset')).toBe(false);
    expect(body.querySelector('table')?.hasAttribute('background')).toBe(false);
    expect(body.querySelector('#cid')?.getAttribute('src')).toBe('cid:logo@example.test');
    expect(body.querySelector('#data')?.getAttribute('src')).toMatch(/^data:image\/gif/);
    const cell = body.querySelector('#cell')!;
    expect(cell.hasAttribute('style')).toBe(false);
    expect(cell.getAttribute(STYLE_ATTRIBUTE)).toBe('color: blue; background-image: none');
    expect(body.querySelector('#local')?.getAttribute(STYLE_ATTRIBUTE)).toContain('url(cid:bg@example.test)');
  });

  it('keeps remote images once allowed, and counts them', () => {
    const result = sanitizeMailHtml(
      '<img src="http://127.0.0.1:8080/p.gif"><img src="//cdn.example/l.png"><p style="background:url(https://cdn.example/b.png)">x</p>',
      { allowRemote: true },
    );
    const images = parse(result.html).querySelectorAll('img');
    expect(result.blockedRemote).toBe(0);
    expect(result.remote).toBe(3);
    expect(images[0]?.getAttribute('src')).toBe('http://127.0.0.1:8080/p.gif');
    expect(images[1]?.getAttribute('src')).toBe('https://cdn.example/l.png');
    expect(parse(result.html).querySelector('p')?.getAttribute(STYLE_ATTRIBUTE)).toBe(
      'background:url("https://cdn.example/b.png")',
    );
  });

  it('takes the sheets of the head', () => {
    const result = sanitizeMailHtml(
      '<html><head><style>p { color: red; background: url(https://track.example/h.png) }</style></head><body><p>x</p></body></html>',
      blocked,
    );
    expect(result.css).toContain('color: red');
    expect(result.css).not.toContain('track.example');
    expect(result.blockedRemote).toBe(1);
    expect(result.html).toBe('<p>x</p>');
  });

  it('drops sources that browsers would resolve loosely (backslashes, relative paths)', () => {
    const result = sanitizeMailHtml(
      '<img id="a" src="http:\\\\evil.example/x.gif"><img id="b" srcset="http:\\\\evil.example/y.gif 1x">' +
        '<img id="c" src="/local.gif"><p id="d" style="background: url(http:\\\\evil.example/z.gif)">x</p>',
      blocked,
    );
    expect(result.html).not.toContain('evil');
    const body = parse(result.html);
    expect(body.querySelector('#a')?.hasAttribute('src')).toBe(false);
    expect(body.querySelector('#b')?.hasAttribute('srcset')).toBe(false);
    expect(body.querySelector('#c')?.hasAttribute('src')).toBe(false);
  });

  it('drops @import and a forged data-mail-style attribute', () => {
    const result = sanitizeMailHtml(
      `<style>@import url(https://evil.example/a.css); p { color: red }</style><p ${STYLE_ATTRIBUTE}="background:url(https://evil.example/x)">x</p>`,
      blocked,
    );
    expect(result.css).not.toContain('evil');
    expect(result.html).not.toContain('evil');
  });
});

describe('frame document', () => {
  it('puts a CSP that allows remote images only when allowed', () => {
    expect(frameCsp(false)).toContain("default-src 'none'");
    expect(frameCsp(false)).toMatch(/img-src data: cid:;/);
    expect(frameCsp(true)).toMatch(/img-src data: cid: https: http:;/);
    const doc = frameDocument(sanitizeMailHtml('<p>x</p>', blocked), false);
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<p>x</p>'));
  });
});

describe('linkify', () => {
  it('finds web and mail links, leaving punctuation out', () => {
    expect(linkify('Voir https://example.org/a?b=1, ou www.example.org. Écrire à mailto:a@example.test !')).toEqual([
      { kind: 'text', text: 'Voir ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ', ou ' },
      { kind: 'link', text: 'www.example.org', href: 'https://www.example.org' },
      { kind: 'text', text: '. Écrire à ' },
      { kind: 'link', text: 'mailto:a@example.test', href: 'mailto:a@example.test' },
      { kind: 'text', text: ' !' },
    ]);
    expect(linkify('javascript:alert(1)')).toEqual([{ kind: 'text', text: 'javascript:alert(1)' }]);
  });
});
