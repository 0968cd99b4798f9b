/** Saves text as a file the browser downloads (a blob link: nothing is uploaded anywhere). */
export function downloadText(name: string, mime: string, text: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
  // Revoked once the download has had time to start.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
