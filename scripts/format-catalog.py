#!/usr/bin/env python3
"""Rewrites models/catalog.json in the repository's layout: any object or array that fits in 150
columns stays on one line (one file entry per line), larger ones are indented. Content is unchanged."""
import json, pathlib, sys

def dump(o, indent=0):
    one = json.dumps(o, ensure_ascii=False)
    if len(one) + indent * 2 <= 150 or not isinstance(o, (dict, list)):
        return one
    pad = '  ' * (indent + 1)
    if isinstance(o, dict):
        items = [f'{pad}{json.dumps(k)}: {dump(v, indent + 1)}' for k, v in o.items()]
        return '{\n' + ',\n'.join(items) + '\n' + '  ' * indent + '}'
    items = [pad + dump(v, indent + 1) for v in o]
    return '[\n' + ',\n'.join(items) + '\n' + '  ' * indent + ']'

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / 'models' / 'catalog.json')
path.write_text(dump(json.loads(path.read_text())) + '\n')
