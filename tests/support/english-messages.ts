// Unit tests run in Node, where no browser i18n exists: the panel's words come from the English file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useMessages, type MessageFile } from '../../lib/i18n/t';

const file = path.join(import.meta.dirname, '../../public/_locales/en/messages.json');
useMessages(JSON.parse(readFileSync(file, 'utf8')) as MessageFile, 'en');
