// Images of known sentences, drawn by Chromium on a canvas (the browser a test already has), for
// OCR fixtures: a scanned page is an image of text whose words the test knows.

/**
 * @param {import('puppeteer-core').Browser} browser
 * @param {string[][]} pages lines of text per image
 * @param {{ width?: number, height?: number, fontPx?: number, lineHeight?: number, margin?: number, type?: 'image/jpeg' | 'image/png', scanned?: boolean }} [options]
 *   `scanned`: a photocopy's look (skewed 0.8°, soft ink, grey paper, specks, JPEG at quality 0.6)
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
          ctx.fillStyle = o.scanned ? '#efece4' : '#fff';
          ctx.fillRect(0, 0, o.width, o.height);
          if (o.scanned) {
            // A photocopy: the page a little skewed, the ink a little soft, specks of dust.
            ctx.translate(o.width / 2, o.height / 2);
            ctx.rotate((0.8 * Math.PI) / 180);
            ctx.translate(-o.width / 2, -o.height / 2);
            ctx.filter = 'blur(0.7px)';
          }
          ctx.fillStyle = o.scanned ? '#2a2a2a' : '#111';
          ctx.font = `${o.fontPx}px "DejaVu Serif", "Liberation Serif", serif`;
          ctx.textBaseline = 'top';
          lines.forEach((line, i) => ctx.fillText(line, o.margin, o.margin + i * o.lineHeight));
          if (o.scanned) {
            ctx.setTransform(1, 0, 0, 1, 0, 0);
            ctx.filter = 'none';
            let seed = 12345; // the same specks every run
            const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
            ctx.fillStyle = '#555';
            for (let i = 0; i < 2500; i++) ctx.fillRect(random() * o.width, random() * o.height, 1 + random() * 1.5, 1 + random() * 1.5);
          }
          const blob = await new Promise((resolve) => canvas.toBlob(resolve, o.type, o.scanned ? 0.6 : 0.92));
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
        scanned: options.scanned ?? false,
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
