// TOTP codes as an authenticator app computes them (RFC 6238): HMAC-SHA1 over the 30-second step
// counter, dynamically truncated to six digits. Secrets are base32, as the apps take them.
import { createHmac, randomInt } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// The code for `secret` at time `at` (milliseconds since the epoch).
export function totp(secret, at = Date.now()) {
  const bits = [...secret].map((c) => BASE32.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// A fresh random secret of 16 base32 characters (80 bits).
export const newTotpSecret = () => Array.from({ length: 16 }, () => BASE32[randomInt(32)]).join('');
