#!/usr/bin/env node
// Rewrites models/catalog.json in the repository's layout (content unchanged): `node scripts/format-catalog.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCatalog } from './catalog-format.mjs';

const file = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'models', 'catalog.json');
writeFileSync(file, `${formatCatalog(JSON.parse(readFileSync(file, 'utf8')))}\n`);
