/**
 * The Privacy tab's state: cloud providers (keys are written here and never read back), standing
 * consents, and the audit log with its export. Everything is read from and written to the
 * extension's IndexedDB; nothing here touches the network.
 */
import { batch, signal } from '@preact/signals';
import {
  cleartextProblem,
  deleteProvider,
  hostPermissionPattern,
  listProviders,
  saveProvider,
  type Provider,
  type ProviderSummary,
} from '../cloud/providers';
import { toErrorInfo, type ErrorInfo } from '../errors';
import { auditToCsv, auditToJson, clearAudit, listAudit } from '../privacy/audit';
import { listStandingConsents, revokeStandingConsent, type StandingConsent } from '../privacy/consent';
import type { AuditRow, LocusDatabase } from '../store/db';
import type { PermissionsApi } from './cloud-state';
import { settings, updateSettings } from './settings-state';
import { t } from '../i18n/t';

export type ProviderForm = Omit<Provider, 'id' | 'contextWindow'> & { id?: string; contextWindow?: number | undefined };

export class PrivacyState {
  readonly providers = signal<ProviderSummary[]>([]);
  readonly consents = signal<StandingConsent[]>([]);
  readonly audit = signal<AuditRow[]>([]);
  readonly message = signal<string | null>(null);
  readonly error = signal<ErrorInfo | null>(null);
  /** Reads in flight: the tab changes shape when one answers (the view says it is busy). */
  readonly refreshing = signal(0);

  constructor(
    private readonly db: () => LocusDatabase,
    private readonly permissions?: PermissionsApi,
  ) {}

  async refresh(): Promise<void> {
    this.refreshing.value += 1;
    try {
      const db = this.db();
      const [providers, consents, audit] = await Promise.all([listProviders(db), listStandingConsents(db), listAudit(db, 500)]);
      batch(() => {
        this.providers.value = providers;
        this.consents.value = consents;
        this.audit.value = audit;
      });
    } finally {
      this.refreshing.value -= 1;
    }
  }

  /**
   * Saves a provider. Call straight from the click/submit handler: the host permission for the
   * provider's origin (and that origin only) is requested during the student's gesture.
   */
  async saveProvider(form: ProviderForm): Promise<boolean> {
    let permission: Promise<boolean> | undefined;
    try {
      // No permission asked for an address that will be refused (saveProvider says why).
      if (!cleartextProblem(form.baseUrl)) permission = this.permissions?.request({ origins: [hostPermissionPattern(form.baseUrl)] });
    } catch {
      permission = undefined; // an invalid address: validation below says so
    }
    try {
      const id = form.id || `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const { contextWindow, ...rest } = form;
      const saved = await saveProvider(
        this.db(),
        { ...rest, id, ...(contextWindow ? { contextWindow } : {}) },
        { keepKey: Boolean(form.id) },
      );
      let granted = true;
      if (permission) granted = await permission.catch(() => false);
      // The first provider becomes the one proposals go to.
      if (!settings.value.cloudProviderId || !this.providers.value.some((p) => p.id === settings.value.cloudProviderId)) {
        await updateSettings({ cloudProviderId: saved.id });
      }
      batch(() => {
        this.error.value = null;
        this.message.value = granted
          ? t('privacy_providerSaved', saved.name)
          : t('privacy_providerSavedNoAccess', saved.name, new URL(saved.baseUrl).host);
      });
      await this.refresh();
      return true;
    } catch (error) {
      const info = toErrorInfo(error);
      this.error.value = { code: info.code, message: t('privacy_providerNotSaved', info.message) };
      return false;
    }
  }

  async removeProvider(id: string): Promise<void> {
    await deleteProvider(this.db(), id);
    if (settings.value.cloudProviderId === id) await updateSettings({ cloudProviderId: '' });
    this.message.value = t('privacy_providerRemoved');
    await this.refresh();
  }

  async useProvider(id: string): Promise<void> {
    await updateSettings({ cloudProviderId: id });
  }

  async revoke(site: string): Promise<void> {
    await revokeStandingConsent(this.db(), site);
    this.message.value = t('privacy_revoked', site);
    await this.refresh();
  }

  async clearLog(): Promise<void> {
    await clearAudit(this.db());
    this.message.value = t('privacy_logCleared');
    await this.refresh();
  }

  /** The whole log as a file's text (the view saves it; nothing is uploaded). */
  async exportLog(format: 'json' | 'csv'): Promise<string | null> {
    try {
      const rows = await listAudit(this.db());
      return format === 'json' ? auditToJson(rows) : auditToCsv(rows);
    } catch (error) {
      this.error.value = toErrorInfo(error);
      return null;
    }
  }
}
