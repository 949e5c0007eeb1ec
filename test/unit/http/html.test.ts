// The forms' `html` template: every interpolated value is text unless it is markup from another
// template, so no submitted value can reach a page as markup.
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../../server/src/protocols/forms/html';

describe('html templates', () => {
  it('escapes the five characters that matter in content and in quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes an interpolated string', () => {
    expect(html`<p>${'<script>alert(1)</script>'}</p>`.markup).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('escapes a value that closes its attribute', () => {
    expect(html`<input value="${'" autofocus onfocus="alert(1)'}" />`.markup).toBe(
      '<input value="&quot; autofocus onfocus=&quot;alert(1)" />',
    );
  });

  it('keeps markup from another template as it is, without escaping it twice', () => {
    const inner = html`<b>${'a & b'}</b>`;
    expect(html`<p>${inner}</p>`.markup).toBe('<p><b>a &amp; b</b></p>');
  });

  it('joins lists and renders false, null and undefined as nothing', () => {
    const items = ['<1>', html`<li>2</li>`];
    // prettier-ignore
    const markup = html`<ul>${items}</ul>${false}${null}${undefined}`.markup;
    expect(markup).toBe('<ul>&lt;1&gt;<li>2</li></ul>');
  });

  it('renders numbers as text', () => {
    expect(html`<p>${422}</p>`.markup).toBe('<p>422</p>');
  });
});
