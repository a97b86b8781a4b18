import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  screen: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core (the maintained accessibility engine) over each screen and state the e2e visits: WCAG 2.x A and
 * AA rules. Findings of every impact are kept; the report counts the serious and critical ones.
 */
export class AxeAudit {
  private readonly screens = new Set<string>();
  readonly findings: AxeFinding[] = [];

  async check(page: Page, screen: string): Promise<void> {
    // Evaluated through the DevTools protocol: the console's Content-Security-Policy forbids inline scripts.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }).axe;
      const result = (await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      })) as {
        violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
      };
      return result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }));
    });
    this.screens.add(screen);
    for (const v of violations) this.findings.push({ screen, ...v });
  }

  report() {
    const count = (impact: string) => this.findings.filter((f) => f.impact === impact).length;
    return {
      screens: this.screens.size,
      checked: [...this.screens],
      serious: count('serious'),
      critical: count('critical'),
      findings: this.findings,
    };
  }
}
