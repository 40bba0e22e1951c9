/**
 * The "On this page" lists (TableOfContents.astro, MobileTableOfContents.astro): marks the link of
 * the section the reader is in with `aria-current="true"`. Starlight's own script finds what to
 * watch with `:has()` selectors over the whole article and walks the DOM back to a heading on
 * every intersection: work that grows with the chapter, at load and while scrolling (issue 16).
 * This one watches only the headings the list links to: a heading counts as passed once its top
 * is above a line under the header, and the current section is the last heading passed.
 */

import { findCurrentSection, findLine, toRootMargin } from './toc-section.ts';

const onIdle = (callback: () => void) =>
  'requestIdleCallback' in window ? requestIdleCallback(callback) : setTimeout(callback, 1);

export class PageToc extends HTMLElement {
  #current: HTMLAnchorElement | null = null;
  #observer: IntersectionObserver | null = null;
  #resizeTimer: ReturnType<typeof setTimeout> | undefined;

  protected set current(link: HTMLAnchorElement) {
    if (link === this.#current) return;
    this.#current?.removeAttribute('aria-current');
    link.setAttribute('aria-current', 'true');
    this.#current = link;
  }

  connectedCallback(): void {
    onIdle(() => this.#observe());
    window.addEventListener('resize', this.#onResize);
  }

  disconnectedCallback(): void {
    this.#observer?.disconnect();
    window.removeEventListener('resize', this.#onResize);
  }

  #onResize = () => {
    this.#observer?.disconnect();
    this.#observer = null;
    clearTimeout(this.#resizeTimer);
    this.#resizeTimer = setTimeout(() => onIdle(() => this.#observe()), 200);
  };

  #observe(): void {
    if (this.#observer || !this.isConnected) return;
    const links: HTMLAnchorElement[] = [];
    const headings: Element[] = [];
    for (const link of this.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')) {
      const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!heading) continue;
      links.push(link);
      headings.push(heading);
    }
    if (links.length === 0) return;
    const line = findLine(
      document.querySelector('header')?.getBoundingClientRect().height ?? 0,
      this.querySelector('summary')?.getBoundingClientRect().height ?? 0,
    );
    const passed = headings.map(() => false);
    this.#observer = new IntersectionObserver(
      (entries) => {
        for (const { target, boundingClientRect, rootBounds } of entries) {
          passed[headings.indexOf(target)] = boundingClientRect.top < (rootBounds?.bottom ?? line);
        }
        const link = links[findCurrentSection(passed)];
        if (link) this.current = link;
      },
      { rootMargin: toRootMargin(line, document.documentElement.clientHeight) },
    );
    for (const heading of headings) this.#observer.observe(heading);
  }
}

/** The phone version: the current section's title shows in the bar, and the list closes itself. */
export class MobilePageToc extends PageToc {
  protected override set current(link: HTMLAnchorElement) {
    super.current = link;
    const display = this.querySelector('.display-current');
    if (display) display.textContent = link.textContent;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const details = this.querySelector('details');
    if (!details) return;
    const close = () => {
      details.open = false;
    };
    for (const link of details.querySelectorAll('a')) link.addEventListener('click', close);
    window.addEventListener('click', (event) => {
      if (!details.contains(event.target as Node)) close();
    });
    window.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !details.open) return;
      const hadFocus = details.contains(document.activeElement);
      close();
      if (hadFocus) details.querySelector('summary')?.focus();
    });
  }
}
