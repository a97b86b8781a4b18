/**
 * Draws the app icon (a violet diamond on a dark rounded square, the console's brand mark) and writes the
 * files electron-builder takes: `icon.png` (1024², Linux and macOS, which makes its .icns from it) and
 * `icon.ico` (Windows: PNG-compressed 256/128/64/48/32/16 entries). No image tool needed:
 * `npx node resources/make-icons.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

function draw(size: number): Buffer {
  const px = Buffer.alloc(size * size * 4);
  const s = 4; // supersampling per axis, for smooth edges
  const radius = 0.2 * size;
  const inside = (x: number, y: number) => {
    // rounded square
    const cx = Math.min(Math.max(x, radius), size - radius);
    const cy = Math.min(Math.max(y, radius), size - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
  const diamond = (x: number, y: number, half: number) => Math.abs(x - size / 2) + Math.abs(y - size / 2) <= half;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc: Rgba = [0, 0, 0, 0];
      for (let sy = 0; sy < s; sy++) {
        for (let sx = 0; sx < s; sx++) {
          const fx = x + (sx + 0.5) / s;
          const fy = y + (sy + 0.5) / s;
          if (!inside(fx, fy)) continue;
          const t = fy / size;
          let c: Rgba = [Math.round(16 + 22 * t), Math.round(24 + 26 * t), Math.round(40 + 39 * t), 255];
          if (diamond(fx, fy, size * 0.3)) c = [91, 91, 246, 255];
          if (diamond(fx, fy, size * 0.13)) c = [255, 255, 255, 255];
          for (let i = 0; i < 4; i++) acc[i]! += c[i]!;
        }
      }
      const o = (y * size + x) * 4;
      const n = s * s;
      const alpha = acc[3]! / n;
      for (let i = 0; i < 3; i++) px[o + i] = alpha ? Math.round(acc[i]! / n / (alpha / 255)) : 0;
      px[o + 3] = Math.round(alpha);
    }
  }
  return png(size, px);
}

function png(size: number, rgba: Buffer): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function ico(images: Array<{ size: number; data: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

const dir = import.meta.dirname;
writeFileSync(join(dir, 'icon.png'), draw(1024));
writeFileSync(join(dir, 'icon.ico'), ico([256, 128, 64, 48, 32, 16].map((size) => ({ size, data: draw(size) }))));
