import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../db/migrations/index.ts';

/**
 * Released migrations are append-only. Each one's source is pinned here; a new migration adds a line.
 * If this fails for an existing one: do not edit it — add a new migration instead.
 */
const PINNED: Record<number, string> = {
  1: '704da6ffd59748f69ca1340cd902f17ce11084fce0ec31c45ecb6fb41ef39751',
  2: 'cf9d4b04247a54a845626545d97adb774eff22c80bee299c011376402351b3df',
  3: 'd1547743b0bdb4c5547b6ef22b91ea565d57c87e23665d8bc639b19eb18b4906',
  4: '77c822c92c2145d434ef11998373fc6b2e6c2a0040ed9f6c6a3a013511ec52c6',
  5: '8ec25df48584ec5dec5956e1d315d2bc04bbc63b4da4a71e4f530737825ab9e7',
  6: '49726d43c57f566e2f7b1b7365635954358cc179ecb80be1c9869e4bc5d9933b',
  7: '4ba7764f94231d03c674eadaea5c4c15331d9c105f235c5ee01c86149d18ea74',
  8: 'fe8c1af7a23ecc52830c1c8c14de6022beb94c7942cca7a8f6c4b2ece94cc435',
  9: '969f2ccfab74840bd0db9007a1b928e31b645b95a6d56ff0c76c5699fb7336bd',
  10: '00b0bb8ca9d520ee2320f6a9f41b063028da303455098971bfbd06cb7e0f52c7',
  11: '41bf88a75d156831a52f07c54a047e633c4abe3532bf5da0abaa454dde3a3d31',
  12: '8f836f4d00f04e595bd042dbf73ef91491d2206e3da249ee5b10a78c7ee39616',
  13: '28e6d183723b18696dd1ad380f530728d3e82477cb4dddc77ef78f88419553cf',
  14: '484449cee03e790e2e2aaf9ed99fe455f56bc7bf8a470feb6493c7285cac0524',
  15: '16bf216442e0380c336588b638f2b98be81be59281faed6ba23b9999a7369af7',
  16: 'f1b3c79eb95fe60ad61664c8e43d8bc9cf88a7b07b56cc785851202b3ac7a037',
  17: '20cdf3f041650f71620d199dbcb0d5a700a75c050784ed730c1c2eed02c708ce',
  19: 'cd1a135c04447a7c6daa2d2c0777310a78557cb66c9be96acab3f1cc7b4ef12a',
  22: '36668ecb808dff7620f034fbae958c5560e7fdd0d1af8b19a41c768d149bcd67',
  24: '096c6e7a60b3529c839f297b28db74c8d89ca727ecef6e415f5956599cba0dc3',
  25: '644e6d99035d393a8c99dafe3768c0a11f09486c44c9a9dcb1b1fdf32be5260c',
  26: '23b232e23e4ffdb2fdbea84eebd19a02652feb37f3bdb8b8a97b03cebfcb0121',
  27: 'b4bb553d8dfec417956ac21827801bcf46f17c7f720da11813c06e4fa0799f79',
  31: '184e76266a4d5d2446c4069003af61a52b879b4fedc8ad18ee9b018f423d90b1',
  32: '8dce44435b2f1aaf033e3efa09c52a604744e5472873157b6a46c8c57498bb76',
  33: '9b938256cb01161d1d7794d3e5c137b716f99eb09913bb088a79277f079e4ead',
  34: '4372f4a48edc78f8f185d53898dcca23a61ef5cbb6d398a1292a2644fbeabb88',
  37: 'e4cba4bd08bf530600e7da3ea72315b990620a41b01299f156a065fe6f59142f',
  38: 'c576c1afff8315e7ffaf39f0254a8096732aa92452b213408b746700aa222b43',
};

describe('migrations', () => {
  it('are numbered in ascending order (gaps allowed: numbers are handed out per branch), with unique names', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('released ones are unchanged (append-only: add a new migration instead of editing one)', () => {
    const files = fs
      .readdirSync('db/migrations')
      .filter((f) => /^\d{4}_.*\.ts$/.test(f))
      .sort();
    expect(files).toHaveLength(MIGRATIONS.length);
    for (const file of files) {
      const version = Number(file.slice(0, 4));
      const hash = crypto
        .createHash('sha256')
        .update(fs.readFileSync(`db/migrations/${file}`))
        .digest('hex');
      expect(hash, `db/migrations/${file}: released migrations are append-only: add a new migration instead of editing this one`).toBe(PINNED[version]);
    }
  });
});
