#!/usr/bin/env python3
"""Writes Locus's toolbar icons (public/icon/*.png): a blue disc with a white ring, drawn by hand
so the repository needs no image tooling. Run once; the PNGs are committed."""
import struct, zlib, math, pathlib

def png(size):
    rows = []
    c = (size - 1) / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            d = math.hypot(x - c, y - c) / (size / 2)
            if d <= 0.95:
                ring = 0.42 <= d <= 0.62
                dot = d <= 0.18
                rgba = (255, 255, 255, 255) if ring or dot else (26, 115, 232, 255)
            else:
                rgba = (0, 0, 0, 0)
            row += bytes(rgba)
        rows.append(bytes(row))
    raw = zlib.compress(b''.join(rows), 9)
    def chunk(tag, data):
        return struct.pack('>I', len(data)) + tag + data + struct.pack('>I', zlib.crc32(tag + data) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)) + chunk(b'IDAT', raw) + chunk(b'IEND', b'')

out = pathlib.Path(__file__).resolve().parent.parent / 'public' / 'icon'
out.mkdir(parents=True, exist_ok=True)
for s in (16, 32, 48, 128):
    (out / f'{s}.png').write_bytes(png(s))
