// Real image files made on the spot, and the few header fields a test reads back from what the CDN
// serves. PNGs are encoded with node's zlib, so no test depends on an image library or a fixture file.
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

// An 8-bit RGB PNG from `rows`: height rows of width * 3 bytes each.
function encodePng(width, height, rows) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const scanlines = Buffer.concat(rows.flatMap((row) => [Buffer.from([0]), row])); // filter 0: none
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// A small picture: a diagonal gradient in `tint`, different for every tint so each upload is new.
export function gradientPng(width = 16, height = 16, tint = [200, 80, 40]) {
  const rows = [];
  for (let y = 0; y < height; ++y) {
    const row = Buffer.alloc(width * 3);
    for (let x = 0; x < width; ++x) {
      const shade = (x + y) / (width + height);
      row[x * 3] = Math.round(tint[0] * shade);
      row[x * 3 + 1] = Math.round(tint[1] * shade);
      row[x * 3 + 2] = Math.round(tint[2] * shade);
    }
    rows.push(row);
  }
  return encodePng(width, height, rows);
}

// Random pixels barely compress: a 1300 x 1300 noisy PNG stays about 5 MiB.
export function noisyPng(width, height) {
  const rows = [];
  for (let y = 0; y < height; ++y) rows.push(randomBytes(width * 3));
  return encodePng(width, height, rows);
}

export function pngSize(bytes) {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// Width and height from a WebP file's first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X).
export function webpSize(bytes) {
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WEBP') {
    throw new Error(`not a WebP file: ${bytes.subarray(0, 16).toString('hex')}`);
  }
  const chunk = bytes.toString('ascii', 12, 16);
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes), key frame start code 9d 01 2a, then 14-bit width and height.
    if (bytes.readUIntBE(23, 3) !== 0x9d012a) throw new Error('VP8 chunk without a key frame start code');
    return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Signature byte 0x2f, then width - 1 and height - 1 in 14 bits each.
    if (bytes[20] !== 0x2f) throw new Error('VP8L chunk without its signature');
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // Flags (4 bytes), then canvas width - 1 and height - 1 in 24 bits each.
    return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  }
  throw new Error(`unknown WebP chunk ${JSON.stringify(chunk)}`);
}

// A data URI as the official client sends images in JSON bodies.
export function dataUri(bytes, type = 'image/png') {
  return `data:${type};base64,${bytes.toString('base64')}`;
}
