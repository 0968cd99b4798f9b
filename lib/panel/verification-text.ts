/** How a model's files are checked, in words a student reads in Models. */
import { t } from '../i18n/t';
import type { ModelOverview } from '../messaging/engine-protocol';

type Verification = ModelOverview['models'][number]['verification'];

export function verificationText(v: Verification): string {
  switch (v.kind) {
    case 'catalog':
      return t('models_verifyCatalog');
    case 'first-use':
      return t('models_verifyFirstUse', v.commit.slice(0, 7));
    case 'on-first-download':
      return t('models_verifyOnFirstDownload');
    case 'engine-managed':
      return t('models_verifyEngineManaged');
    case 'browser':
      return t('models_verifyBrowser');
  }
}
