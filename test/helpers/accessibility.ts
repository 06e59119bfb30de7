/**
 * Checks a page the way the accessibility spec needs them, for any face: axe with every rule (any
 * impact), the page's landmarks and heading order, and on a phone the size of tap targets and text.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.5.5: a tap target of at least 44 × 44 CSS pixels. */
export const MIN_TARGET_PX = 44;
/** The smallest text a phone shows. */
export const MIN_FONT_PX = 14;

export interface Violation {
  rule: string;
  impact: string | null | undefined;
  targets: string[];
}

/** axe's violations on the page as it is now, every rule and impact included. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}

export interface Structure {
  mains: number;
  /** Heading levels in document order, visible or read by screen readers. */
  headings: number[];
  /** Text outside every landmark (main, header, footer, nav, aside, form with a name, region with a name). */
  outside: string[];
}

export async function structureOf(page: Page): Promise<Structure> {
  return page.evaluate(() => {
    const landmarks = 'main, header, footer, nav, aside, [role="main"], [role="banner"], [role="contentinfo"], [role="navigation"], [role="complementary"], [role="region"], section[aria-label], section[aria-labelledby]';
    const outside: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, template')) continue;
      if (!parent.checkVisibility()) continue;
      if (!parent.closest(landmarks)) outside.push(text);
    }
    return {
      mains: document.querySelectorAll('main, [role="main"]').length,
      headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .filter((heading) => (heading as HTMLElement).checkVisibility() || heading.closest('.visually-hidden'))
        .map((heading) => Number(heading.tagName.slice(1))),
      outside,
    };
  });
}

/** Levels that skip one going down (h2 → h4), and whether the page starts with an h1. */
export function headingProblems(levels: number[]): string[] {
  const problems: string[] = [];
  if (levels[0] !== 1) problems.push(`first heading is h${levels[0] ?? '(none)'}`);
  levels.forEach((level, index) => {
    const before = levels[index - 1];
    if (before !== undefined && level > before + 1) problems.push(`h${before} → h${level}`);
  });
  return problems;
}

/** axe finds nothing; one main landmark; headings from h1 without skipped levels; no text outside landmarks. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect.soft(await axeViolations(page), `${screen}: axe violations`).toEqual([]);
  const structure = await structureOf(page);
  expect.soft(structure.mains, `${screen}: one main landmark`).toBe(1);
  expect.soft(headingProblems(structure.headings), `${screen}: heading order ${structure.headings.join(' ')}`).toEqual([]);
  expect.soft(structure.outside, `${screen}: text outside landmarks`).toEqual([]);
}

export interface Target {
  what: string;
  width: number;
  height: number;
}

/**
 * Every visible control a finger taps, with its size. A radio or checkbox counts by the label that
 * holds it (that is what a finger hits); a control hidden behind its label counts as that label.
 */
export async function tapTargets(page: Page): Promise<Target[]> {
  return page.evaluate(() => {
    const describe = (element: Element) =>
      `${element.tagName.toLowerCase()} "${(element.textContent?.trim() || element.getAttribute('aria-label') || element.getAttribute('placeholder') || element.id).slice(0, 40)}"`;
    const seen = new Set<Element>();
    const targets: { what: string; width: number; height: number }[] = [];
    for (const element of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')) {
      const input = element instanceof HTMLInputElement && ['radio', 'checkbox'].includes(element.type);
      const target = input ? (element.closest('label') ?? element) : element;
      if (seen.has(target) || !(target as HTMLElement).checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      seen.add(target);
      const box = target.getBoundingClientRect();
      targets.push({ what: describe(target), width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10 });
    }
    return targets;
  });
}

export interface TextSize {
  text: string;
  px: number;
}

/** The font size of every piece of visible text (text read only by screen readers left out). */
export async function textSizes(page: Page): Promise<TextSize[]> {
  return page.evaluate(() => {
    const sizes: { text: string; px: number }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('script, style, .visually-hidden, svg')) continue;
      if (!parent.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      sizes.push({ text: text.slice(0, 40), px: Number.parseFloat(getComputedStyle(parent).fontSize) });
    }
    // Placeholders are text a user reads too.
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')) {
      if (field.checkVisibility()) sizes.push({ text: field.placeholder.slice(0, 40), px: Number.parseFloat(getComputedStyle(field).fontSize) });
    }
    return sizes;
  });
}

export interface PhoneMeasure {
  smallestTarget: Target | null;
  smallestText: TextSize | null;
}

/** Every tap target at least 44 × 44 and every text at least 14 px; returns the smallest of each. */
export async function expectPhoneSized(page: Page, screen: string): Promise<PhoneMeasure> {
  const targets = await tapTargets(page);
  const sizes = await textSizes(page);
  expect.soft(
    targets.filter((target) => target.width < MIN_TARGET_PX || target.height < MIN_TARGET_PX),
    `${screen}: tap targets under ${MIN_TARGET_PX} × ${MIN_TARGET_PX} px`,
  ).toEqual([]);
  expect.soft(
    sizes.filter((size) => size.px < MIN_FONT_PX),
    `${screen}: text under ${MIN_FONT_PX} px`,
  ).toEqual([]);
  const smallestTarget = targets.reduce<Target | null>((min, target) => (!min || Math.min(target.width, target.height) < Math.min(min.width, min.height) ? target : min), null);
  const smallestText = sizes.reduce<TextSize | null>((min, size) => (!min || size.px < min.px ? size : min), null);
  return { smallestTarget, smallestText };
}
