/**
 * How a model's files are checked, in words a student reads in Models (keyed for translation: the
 * panel's i18n moves these strings to _locales).
 */
import type { ModelOverview } from '../messaging/engine-protocol';

type Verification = ModelOverview['models'][number]['verification'];

export const VERIFICATION_MESSAGES = {
  catalog: 'Checked: every file against the SHA-256 pinned in Locus’s catalog.',
  firstUse: (commit: string) =>
    `Pinned on first use: every file checked against what the model host announced for version ${commit.slice(0, 7)}, and held to it since.`,
  onFirstDownload:
    'Its checksums are not in Locus’s catalog: when first downloaded, every file is checked against what the model host announces, then pinned.',
  engineManaged:
    'web-llm downloads and keeps these files itself: Locus does not check them (only web-llm’s compiled code, shipped inside Locus, is checked).',
  browser: 'Chrome downloads and runs this model itself.',
} as const;

export function verificationText(v: Verification): string {
  switch (v.kind) {
    case 'catalog':
      return VERIFICATION_MESSAGES.catalog;
    case 'first-use':
      return VERIFICATION_MESSAGES.firstUse(v.commit);
    case 'on-first-download':
      return VERIFICATION_MESSAGES.onFirstDownload;
    case 'engine-managed':
      return VERIFICATION_MESSAGES.engineManaged;
    case 'browser':
      return VERIFICATION_MESSAGES.browser;
  }
}
