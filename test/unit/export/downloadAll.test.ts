import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, strFromU8 } from 'fflate';
import { uniqueNames, zipFiles } from '../../../src/ui/export/downloadAll';

describe('download all', () => {
  it('packs files into a zip that unpacks to the same bytes, names made unique', () => {
    const png = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const archive = zipFiles([
      { name: 'loss.png', bytes: png },
      { name: 'loss.png', bytes: png },
      { name: 'metrics.csv', bytes: strToU8('epoch,loss\n1,0.5\n') },
    ]);
    const unpacked = unzipSync(archive);
    expect(Object.keys(unpacked)).toEqual(['loss.png', 'loss-2.png', 'metrics.csv']);
    expect(Array.from(unpacked['loss-2.png'])).toEqual(Array.from(png));
    expect(strFromU8(unpacked['metrics.csv'])).toBe('epoch,loss\n1,0.5\n');
  });

  it('numbers repeated names before the extension', () => {
    const bytes = new Uint8Array();
    expect(uniqueNames([{ name: 'a.png', bytes }, { name: 'a.png', bytes }, { name: 'a.png', bytes }, { name: 'b', bytes }, { name: 'b', bytes }]).map((file) => file.name)).toEqual(['a.png', 'a-2.png', 'a-3.png', 'b', 'b-2']);
  });
});
