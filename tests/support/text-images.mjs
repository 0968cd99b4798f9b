// Images of known sentences, drawn by Chromium on a canvas (the browser a test already has), for
// OCR fixtures: a scanned page is an image of text whose words the test knows.

/**
 * @param {import('puppeteer-core').Browser} browser
 * @param {string[][]} pages lines of text per image
 * @param {{ width?: number, height?: number, fontPx?: number, lineHeight?: number, margin?: number, type?: 'image/jpeg' | 'image/png' }} [options]
 * @returns {Promise<Array<{ bytes: Buffer, width: number, height: number, type: string }>>}
 */
export async function renderTextImages(browser, pages, options = {}) {
  const page = await browser.newPage();
  try {
    await page.goto('about:blank');
    const images = await page.evaluate(
      async (pages, o) => {
        const out = [];
        for (const lines of pages) {
          const canvas = document.createElement('canvas');
          canvas.width = o.width;
          canvas.height = o.height;
          const ctx = canvas.getContext('2d');
          ctx.fillStyle = '#fff';
          ctx.fillRect(0, 0, o.width, o.height);
          ctx.fillStyle = '#111';
          ctx.font = `${o.fontPx}px "DejaVu Serif", "Liberation Serif", serif`;
          ctx.textBaseline = 'top';
          lines.forEach((line, i) => ctx.fillText(line, o.margin, o.margin + i * o.lineHeight));
          const blob = await new Promise((resolve) => canvas.toBlob(resolve, o.type, 0.92));
          const buffer = new Uint8Array(await blob.arrayBuffer());
          let binary = '';
          for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
          out.push(btoa(binary));
        }
        return out;
      },
      pages,
      {
        width: options.width ?? 1240,
        height: options.height ?? 1754,
        fontPx: options.fontPx ?? 34,
        lineHeight: options.lineHeight ?? 56,
        margin: options.margin ?? 110,
        type: options.type ?? 'image/jpeg',
      },
    );
    return images.map((b64) => ({
      bytes: Buffer.from(b64, 'base64'),
      width: options.width ?? 1240,
      height: options.height ?? 1754,
      type: options.type ?? 'image/jpeg',
    }));
  } finally {
    await page.close();
  }
}
