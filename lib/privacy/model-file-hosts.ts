/**
 * Where a model host may send Locus for a model file. The Hugging Face hub answers `resolve` for
 * large (LFS/Xet) files with a redirect to its file CDN; a school mirror may serve files from its
 * own machines. Nothing else: a redirect anywhere else is refused by the network gate.
 *
 * The hub's list: https://huggingface.co/.well-known/meta.json (`lfsDomains`, `cdnDomains`, read
 * 2026-12), plus the Xet bridge `cas-bridge.xethub.hf.co` that `resolve` redirects Xet-stored files
 * to, and the older `*.huggingface.co` names of the LFS CDN. Every name under `cdn.hf.co` is the
 * hub's (its CDN regions are listed there and new ones appear).
 */

const HUB_HOSTS = ['huggingface.co', 'hf.co'];

const HUB_FILE_HOSTS = new Set([
  ...HUB_HOSTS,
  'cdn-lfs.hf.co',
  'cdn-lfs-us-1.hf.co',
  'cdn-lfs-eu-1.hf.co',
  'cdn-lfs.huggingface.co',
  'cdn-lfs-us-1.huggingface.co',
  'cdn-lfs-eu-1.huggingface.co',
  'transfer.xethub.hf.co',
  'transfer.xethub-eu.hf.co',
  'cas-bridge.xethub.hf.co',
]);
const HUB_CDN_SUFFIX = '.cdn.hf.co';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The configured model host is the Hugging Face hub itself. */
export function isHub(modelHost: string): boolean {
  const host = parse(modelHost);
  return host !== null && host.protocol === 'https:' && HUB_HOSTS.includes(host.hostname);
}

/**
 * Whether a model file may come from `url` when the model host is `modelHost`: the hub's listed
 * file servers (https only) for the hub; for any other host, its own name (any port: a mirror's
 * file server beside it) or a name under it, by the host's scheme or https.
 */
export function isModelFileHost(url: string, modelHost: string): boolean {
  const u = parse(url);
  const host = parse(modelHost);
  if (!u || !host || u.username || u.password) return false;
  if (isHub(modelHost)) {
    return u.protocol === 'https:' && (HUB_FILE_HOSTS.has(u.hostname) || u.hostname.endsWith(HUB_CDN_SUFFIX));
  }
  if (u.protocol !== 'https:' && u.protocol !== host.protocol) return false;
  return u.hostname === host.hostname || u.hostname.endsWith(`.${host.hostname}`);
}
