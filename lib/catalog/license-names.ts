/**
 * Licences by the names people know them by: the catalog keeps SPDX ids (exact, machine-checkable),
 * a student reads names. Data, so a new licence is one line.
 */
export const LICENSE_NAMES: Readonly<Record<string, string>> = {
  'Apache-2.0': 'Apache License 2.0',
  MIT: 'MIT License',
  'BSD-3-Clause': 'BSD 3-Clause License',
  'CC-BY-4.0': 'Creative Commons Attribution 4.0',
  'CC-BY-SA-4.0': 'Creative Commons Attribution-ShareAlike 4.0',
  'LicenseRef-Gemma-Terms-of-Use': 'Gemma Terms of Use (Google)',
  'LicenseRef-Llama-3.2-Community-License': 'Llama 3.2 Community License (Meta)',
};

/** The licence's name; an id the table lacks (or free text) is shown as the catalog has it. */
export function licenseName(id: string): string {
  return LICENSE_NAMES[id] ?? id;
}
