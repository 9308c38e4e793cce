"""PNG fixtures written by encoders other than GdEngine's, for Tests/Imaging/PngTests.cs.

Run with a Python that has Pillow (Debian's /usr/bin/python3 here): `/usr/bin/python3 make_png_fixtures.py`.
Each <name>.png comes with <name>.rgba, the expected decoded pixels (8-bit RGBA, rows top-down).
"""
import random
import struct
import zlib

from PIL import Image

random.seed(7)
W, H = 37, 23


def pixel(x, y):
    # gradients (Sub/Up/Paeth win) mixed with noise (None wins)
    n = random.randrange(256) if (x * y) % 7 == 3 else 0
    return ((x * 7 + n) & 255, (y * 11) & 255, (x * y + n) & 255, 255 - ((x + y) * 3 & 255))


px = [[pixel(x, y) for x in range(W)] for y in range(H)]


def save_rgba(name, rows):
    with open(name + ".rgba", "wb") as f:
        for row in rows:
            for p in row:
                f.write(bytes(p))


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


# 1. RGBA with every filter type used in turn (row y uses filter y % 5), compressed by zlib itself.
raw = bytearray()
prev = bytes(W * 4)
for y in range(H):
    row = bytes(v for p in px[y] for v in p)
    f = y % 5
    out = bytearray([f])
    for i in range(len(row)):
        a = row[i - 4] if i >= 4 else 0
        b = prev[i]
        c = prev[i - 4] if i >= 4 else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][f]
        out.append((row[i] - pred) & 255)
    raw += out
    prev = row
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
z = zlib.compress(bytes(raw), 9)
png += chunk(b"IDAT", z[: len(z) // 2]) + chunk(b"IDAT", z[len(z) // 2:])  # split IDAT on purpose
png += chunk(b"IEND", b"")
open("allfilters_rgba.png", "wb").write(png)
save_rgba("allfilters_rgba", px)

# 2. Pillow RGB (its own filter choice and zlib settings).
rgb = Image.new("RGB", (W, H))
rgb.putdata([p[:3] for row in px for p in row])
rgb.save("pillow_rgb.png")
save_rgba("pillow_rgb", [[p[:3] + (255,) for p in row] for row in px])

# 3. Pillow 8-bit palette with a transparent entry.
pal = Image.new("P", (W, H))
colors = [(255, 0, 0), (0, 128, 255), (20, 200, 60), (250, 250, 250)]
pal.putpalette([c for col in colors for c in col])
idx = [[(x // 5 + y // 4) % 4 for x in range(W)] for y in range(H)]
pal.putdata([i for row in idx for i in row])
pal.save("pillow_palette.png", transparency=bytes([255, 255, 128, 0]))
alpha = [255, 255, 128, 0]
save_rgba("pillow_palette", [[colors[i] + (alpha[i],) for i in row] for row in idx])

# 4. Pillow greyscale.
grey = Image.new("L", (W, H))
grey.putdata([p[0] for row in px for p in row])
grey.save("pillow_grey.png")
save_rgba("pillow_grey", [[(p[0], p[0], p[0], 255) for p in row] for row in px])
print("wrote allfilters_rgba, pillow_rgb, pillow_palette, pillow_grey (.png + .rgba)")

# 5. Pillow 16-bit greyscale (decoders keep the high byte).
g16 = Image.new("I;16", (W, H))
g16.putdata([(p[0] << 8) | p[1] for row in px for p in row])
g16.save("pillow_grey16.png")
save_rgba("pillow_grey16", [[(p[0], p[0], p[0], 255) for p in row] for row in px])

# 6. Pillow 8-bit palette (more than 16 colours, so 8 bits per index).
pal8 = Image.new("RGB", (W, H))
pal8.putdata([((x * 40) & 255, (y * 60) & 255, 90) for y in range(H) for x in range(W)])
pal8 = pal8.quantize(colors=200)
pal8.save("pillow_palette8.png")
save_rgba("pillow_palette8", [[pal8.convert("RGBA").getpixel((x, y)) for x in range(W)] for y in range(H)])
print("wrote pillow_grey16, pillow_palette8")
