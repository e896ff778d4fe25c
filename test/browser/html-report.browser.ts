/**
 * The HTML report in a real browser (Debian's chromium driven by playwright-core): every example
 * page of scripts/report-examples.ts loads with no console error and no request, draws one graph
 * per finding with every node of the finding's JSON graph, filters with the keyboard, shows
 * everything with scripts disabled, prints, and has no serious or critical axe-core violation in
 * light and dark colours. `npm run test:browser`; fails when chromium is missing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../scripts/chromium";
import { examples, findingsOf, type Example } from "../../scripts/report-examples";

const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let browser: Browser;
let dir: string;
const pages = examples();
const urls = new Map<string, string>();

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), "bulkhead-html-"));
  for (const ex of pages) {
    const file = join(dir, `${ex.name}.html`);
    writeFileSync(file, ex.html);
    urls.set(ex.name, pathToFileURL(file).href);
  }
});

afterAll(async () => {
  await browser?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
  close: () => Promise<void>;
}

async function open(ex: Example, options: { javaScriptEnabled?: boolean; colorScheme?: "light" | "dark" } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, ...options });
  const page = await context.newPage();
  const url = urls.get(ex.name) ?? "";
  const opened: Opened = { page, errors: [], requests: [], dialogs: [], close: () => context.close() };
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") opened.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => opened.errors.push(`pageerror: ${e.message}`));
  page.on("request", (r) => {
    if (r.url() !== url) opened.requests.push(r.url());
  });
  page.on("dialog", (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: "load" });
  return opened;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = (await page.evaluate(
    "axe.run({ resultTypes: ['violations'] }).then((r) => r.violations)",
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

interface AxeViolation {
  id: string;
  impact?: string;
  help: string;
  nodes: { target: string[] }[];
}

describe.each(pages.map((ex) => [ex.name, ex] as const))("%s report", (_name, ex) => {
  const findings = findingsOf(ex.report);

  test("loads with no console error, no request and no dialog; one graph per finding, every node drawn", async () => {
    const o = await open(ex);
    try {
      expect(o.errors).toEqual([]);
      expect(o.requests).toEqual([]);
      expect(o.dialogs).toEqual([]);
      expect(await o.page.locator("script").count()).toBe(1);
      expect(await o.page.locator("article.finding").count()).toBe(findings.length);
      for (const [i, f] of findings.entries()) {
        const article = o.page.locator(`#f${i + 1}`);
        expect(await article.locator("svg.graph").count()).toBe(1);
        expect(await article.locator("svg.graph g.node").count()).toBe(f.graph?.nodes.length);
        expect(await article.locator("svg.graph path.edge").count()).toBe(f.graph?.edges.length);
        expect(await article.locator("svg.graph").isVisible()).toBe(true);
      }
    } finally {
      await o.close();
    }
  });

  test("no serious or critical accessibility violation, light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const o = await open(ex, { colorScheme });
      try {
        expect(await axeViolations(o.page)).toEqual([]);
      } finally {
        await o.close();
      }
    }
  });

  test("with scripts disabled every finding and graph shows, the filters stay hidden", async () => {
    const o = await open(ex, { javaScriptEnabled: false });
    try {
      expect(await o.page.locator("#filters").isHidden()).toBe(true);
      expect(await o.page.locator("article.finding:visible").count()).toBe(findings.length);
      expect(await o.page.locator("#findings-table tbody tr:visible").count()).toBe(findings.length);
      expect(await o.page.locator("svg.graph:visible").count()).toBe(findings.length);
    } finally {
      await o.close();
    }
  });
});

describe("filters", () => {
  const ex = pages.find((p) => p.name === "set") as Example;
  const findings = findingsOf(ex.report);
  const visibleRows = (page: Page) => page.locator("#findings-table tbody tr:visible").count();
  const visibleArticles = (page: Page) => page.locator("article.finding:visible").count();

  test("each filter, chosen with the keyboard, shows exactly the matching findings", async () => {
    const o = await open(ex);
    try {
      const page = o.page;
      expect(await page.locator("#filters").isVisible()).toBe(true);
      expect(await page.locator("#shown").textContent()).toBe(
        `Showing ${findings.length} of ${findings.length} findings`,
      );
      // Rule: focus the rule select, then the arrow key picks the first rule.
      await page.locator("#filter-rule").focus();
      await page.keyboard.press("ArrowDown");
      const rule = await page.locator("#filter-rule").inputValue();
      expect(rule).toBe("BH001");
      const bh001 = findings.filter((f) => f.ruleId === "BH001").length;
      expect(await visibleRows(page)).toBe(bh001);
      expect(await visibleArticles(page)).toBe(bh001);
      expect(await page.locator("#shown").textContent()).toBe(`Showing ${bh001} of ${findings.length} findings`);
      // Tab to the next control: verdict, then status; the filters combine.
      await page.keyboard.press("Tab");
      expect(await page.evaluate("document.activeElement.id")).toBe("filter-verdict");
      await page.keyboard.press("Tab");
      await page.keyboard.press("ArrowDown");
      expect(await page.locator("#filter-status").inputValue()).toBe("new");
      const newBh001 = findings.filter((f) => f.ruleId === "BH001" && f.status === "new").length;
      expect(await visibleRows(page)).toBe(newBh001);
      // Reset with the keyboard: everything again.
      await page.locator("button[type=reset]").focus();
      await page.keyboard.press("Enter");
      await page.waitForFunction(
        `document.querySelectorAll("#findings-table tbody tr:not([hidden])").length === ${findings.length}`,
      );
      expect(await visibleArticles(page)).toBe(findings.length);
    } finally {
      await o.close();
    }
  });

  test("verdict, status and waived filters match the data", async () => {
    const o = await open(ex);
    try {
      const page = o.page;
      const cases: [string, string, (f: (typeof findings)[number]) => boolean][] = [
        ["verdict", "violation", (f) => f.verdict === "violation"],
        ["verdict", "unknown", (f) => f.verdict === "unknown"],
        ["status", "existing", (f) => f.status === "existing"],
        ["waived", "no", (f) => !f.waived],
        ["waived", "yes", (f) => f.waived],
      ];
      for (const [name, value, match] of cases) {
        await page.locator("button[type=reset]").click();
        await page.selectOption(`#filter-${name}`, value);
        expect([name, value, await visibleRows(page)]).toEqual([name, value, findings.filter(match).length]);
      }
    } finally {
      await o.close();
    }
  });
});

test("100 nodes stay readable: drawn at natural size (12px labels) in a scroll box the keyboard reaches", async () => {
  const ex = pages.find((p) => p.name === "large") as Example;
  expect(findingsOf(ex.report)[0].graph?.nodes.length).toBeGreaterThanOrEqual(100);
  const o = await open(ex);
  try {
    const svg = o.page.locator("#f1 svg.graph");
    const drawn = await svg.evaluate((el) => el.getBoundingClientRect().width);
    expect(drawn).toBe(Number(await svg.getAttribute("width")));
    const fontSize = await o.page
      .locator("#f1 svg.graph g.node text.label")
      .first()
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(fontSize).toBeGreaterThanOrEqual(12);
    const box = o.page.locator("#f1 .graph-scroll");
    expect(await box.getAttribute("tabindex")).toBe("0");
    await box.focus();
    for (let i = 0; i < 5; i++) await o.page.keyboard.press("ArrowRight");
    // Polled through evaluate (a function call, which the page's CSP allows; a string predicate
    // of waitForFunction is evaluated as script and refused by it).
    let scrolled = 0;
    for (let i = 0; i < 40 && scrolled === 0; i++) {
      scrolled = await box.evaluate((el) => el.scrollLeft);
      if (scrolled === 0) await o.page.waitForTimeout(50);
    }
    expect(scrolled).toBeGreaterThan(0);
  } finally {
    await o.close();
  }
});

test("prints: no filters, graphs fit the page width, a PDF comes out", async () => {
  const ex = pages.find((p) => p.name === "large") as Example;
  const o = await open(ex);
  try {
    await o.page.emulateMedia({ media: "print" });
    expect(await o.page.locator("#filters").isHidden()).toBe(true);
    const svg = o.page.locator("svg.graph").first();
    const width = await svg.evaluate((el) => el.getBoundingClientRect().width);
    const main = await o.page.locator("main").evaluate((el) => el.clientWidth);
    expect(width).toBeLessThanOrEqual(main);
    const pdf = await o.page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  } finally {
    await o.close();
  }
});

test("dark colour scheme: dark background, light text", async () => {
  const ex = pages[0];
  const o = await open(ex, { colorScheme: "dark" });
  try {
    const [bg, fg] = (await o.page.evaluate(
      "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]",
    )) as string[];
    expect(bg).toBe("rgb(13, 17, 23)");
    expect(fg).toBe("rgb(230, 237, 243)");
  } finally {
    await o.close();
  }
});

test("hostile plan strings stay text: no element, script or handler of theirs in the page", async () => {
  const ex = pages.find((p) => p.name === "hostile") as Example;
  const o = await open(ex);
  try {
    const page = o.page;
    expect(o.dialogs).toEqual([]);
    expect(await page.locator("img, iframe, b, i, style").count()).toBe(1); // the page's own <style>
    expect(await page.locator("[onerror], [onload]").count()).toBe(0);
    expect(await page.locator("#f1 h3").textContent()).toContain('aws_iam_user.x["<script>alert(1)</script>"]');
    expect(await page.locator("#f1 svg.graph").textContent()).toContain("<svg onload=alert(5)>");
  } finally {
    await o.close();
  }
});
