/**
 * The report's charts as PNG images, drawn by the same chart library as the Insights page
 * (Chart.js) in headless Chromium, so that report and extension look alike and no image code is
 * written by hand.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromiumPath } from '../support/browser.mjs';

export interface ChartSpec {
  file: string;
  title: string;
  labels: string[];
  series: Array<{ label: string; values: Array<number | null>; color: string }>;
  yTitle: string;
  max?: number;
}

const chartJs = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

export async function renderCharts(specs: ChartSpec[], outDir: string): Promise<string[]> {
  if (specs.length === 0) return [];
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const written: string[] = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 900, height: 480, deviceScaleFactor: 1 });
    await page.setContent(
      '<!doctype html><html><body style="margin:0;background:#fff"><div style="width:880px;height:460px;padding:10px"><canvas id="c"></canvas></div></body></html>',
    );
    await page.addScriptTag({ path: chartJs });
    for (const spec of specs) {
      await page.evaluate((s: ChartSpec) => {
        const w = window as unknown as {
          Chart: new (el: HTMLCanvasElement, cfg: unknown) => { destroy(): void };
          __chart?: { destroy(): void };
        };
        w.__chart?.destroy();
        w.__chart = new w.Chart(document.getElementById('c') as HTMLCanvasElement, {
          type: 'bar',
          data: { labels: s.labels, datasets: s.series.map((x) => ({ label: x.label, data: x.values, backgroundColor: x.color })) },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            plugins: { title: { display: true, text: s.title, font: { size: 16 } }, legend: { position: 'bottom' } },
            scales: { y: { beginAtZero: true, ...(s.max !== undefined ? { max: s.max } : {}), title: { display: true, text: s.yTitle } } },
          },
        });
      }, spec);
      const target = path.join(outDir, spec.file);
      await (await page.$('div'))!.screenshot({ path: target as `${string}.png` });
      written.push(target);
    }
  } finally {
    await browser.close();
  }
  return written;
}
