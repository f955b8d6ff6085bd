import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetBytes, PARQUET_CREATED_BY, type ParquetRow } from './parquet';

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

const rows: ParquetRow[] = [
  { question: 'Why do bees fan nectar?', answer: 'To evaporate its water.' },
  { question: '绿茶为什么是绿色的？', answer: '因为采摘后很快杀青，阻止了氧化。🍵' },
  { question: 'Empty-looking "quotes"\nand newlines?', answer: 'Kept as they are.' },
];

describe('parquetBytes', () => {
  it('writes a Parquet file a Parquet reader reads back row for row', async () => {
    const bytes = parquetBytes(rows);
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('PAR1');
    expect(new TextDecoder().decode(bytes.slice(-4))).toBe('PAR1');
    const read = await parquetReadObjects({ file: toArrayBuffer(bytes) });
    expect(read).toEqual(rows);
    const metadata = parquetMetadata(toArrayBuffer(bytes));
    expect(Number(metadata.num_rows)).toBe(3);
    expect(metadata.created_by).toBe(PARQUET_CREATED_BY);
    expect(metadata.schema.slice(1).map((element) => element.name)).toEqual(['question', 'answer']);
  });
  it('adds a system column when rows carry a system prompt', async () => {
    const withSystem = rows.map((row) => ({ ...row, system: 'You are a helpful assistant.' }));
    const read = await parquetReadObjects({ file: toArrayBuffer(parquetBytes(withSystem)) });
    expect(read).toEqual(withSystem);
  });
  it('gives byte-identical files for the same rows', () => {
    const first = parquetBytes(rows);
    const second = parquetBytes(rows.map((row) => ({ ...row })));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(parquetBytes(rows.slice(0, 2))).equals(Buffer.from(first))).toBe(false);
  });
  it('writes a readable file with no rows', async () => {
    const bytes = parquetBytes([]);
    expect(await parquetReadObjects({ file: toArrayBuffer(bytes) })).toEqual([]);
  });
  it('keeps many rows in order', async () => {
    const many = Array.from({ length: 2500 }, (_, index) => ({ question: `Question ${index}?`, answer: `Answer ${index % 7}.` }));
    const read = await parquetReadObjects({ file: toArrayBuffer(parquetBytes(many)) });
    expect(read).toEqual(many);
  });
});
