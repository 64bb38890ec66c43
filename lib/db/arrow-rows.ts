/**
 * Arrow result (IPC bytes from duckdb-wasm) → plain rows with cells normalised per values.ts.
 * Reads the Arrow buffers directly so 64-bit and 128-bit values never pass through Arrow's
 * lossy helpers (its TIMESTAMP getter truncates microseconds, DECIMAL comes back as words).
 */
import {
  DataType,
  DateUnit,
  TimeUnit,
  Type,
  tableFromIPC,
  type Data,
  type Date_,
  type Decimal,
  type Field,
  type Timestamp,
} from 'apache-arrow';
import type { Row } from './db';
import { daysToIsoDate, decimalToNumber, microsToMs, nanosToMs, nestedToCell, unsupportedType, type Nested } from './values';

type Reader = (data: Data, i: number) => Nested;

export function arrowIPCToRows(ipc: Uint8Array): Row[] {
  const table = tableFromIPC(ipc);
  const fields = table.schema.fields;
  const readers = fields.map((f) => topReader(f));
  const names = fields.map((f) => f.name);
  const rows: Row[] = [];
  for (const batch of table.batches) {
    const chunks = batch.data.children;
    for (let i = 0; i < batch.numRows; i++) {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) row[names[c]!] = readers[c]!(chunks[c]!, i) as Row[string];
      rows.push(row);
    }
  }
  return rows;
}

/** Top-level reader: nested values become JSON text so every cell stays a scalar. */
function topReader(field: Field): Reader {
  const read = reader(field.type, field.name);
  if (!DataType.isList(field.type) && !DataType.isStruct(field.type) && !DataType.isFixedSizeList(field.type)) return read;
  return (data, i) => {
    const v = read(data, i);
    return v === null ? null : nestedToCell(v);
  };
}

const decoder = new TextDecoder();
const TWO_32 = 2n ** 32n;

function reader(type: DataType, column: string): Reader {
  const valid =
    (fn: Reader): Reader =>
    (data, i) =>
      data.getValid(i) ? fn(data, i) : null;
  switch (type.typeId) {
    case Type.Null:
      return () => null;
    case Type.Bool:
      return valid((d, i) => {
        const bit = d.offset + i;
        return ((d.values as Uint8Array)[bit >> 3]! & (1 << (bit & 7))) !== 0;
      });
    case Type.Int:
    case Type.Float: {
      const wide = DataType.isInt(type) && type.bitWidth === 64;
      if (DataType.isFloat(type) && type.precision === 0) throw unsupportedType('FLOAT16', column);
      return wide ? valid((d, i) => Number(d.values[i] as bigint)) : valid((d, i) => d.values[i] as number);
    }
    case Type.Decimal: {
      const { scale, bitWidth } = type as Decimal;
      const stride = bitWidth / 32;
      return valid((d, i) => decimalToNumber(wordsToBigInt(d.values as Uint32Array, i * stride, stride), scale));
    }
    case Type.Date:
      // DuckDB sends DATE as Date32 (days); a millisecond date never comes from it.
      if ((type as Date_).unit !== DateUnit.DAY) throw unsupportedType(String(type), column);
      return valid((d, i) => daysToIsoDate((d.values as Int32Array)[i]!));
    case Type.Timestamp: {
      const unit = (type as Timestamp).unit;
      const toMs =
        unit === TimeUnit.SECOND
          ? (v: bigint) => Number(v) * 1000
          : unit === TimeUnit.MILLISECOND
            ? (v: bigint) => Number(v)
            : unit === TimeUnit.MICROSECOND
              ? microsToMs
              : nanosToMs;
      return valid((d, i) => toMs((d.values as BigInt64Array)[i]!));
    }
    case Type.Utf8:
    case Type.LargeUtf8:
      return valid((d, i) => {
        const offsets = d.valueOffsets as Int32Array | BigInt64Array;
        return decoder.decode((d.values as Uint8Array).subarray(Number(offsets[i]), Number(offsets[i + 1])));
      });
    case Type.Dictionary: {
      if (!DataType.isDictionary(type)) throw unsupportedType(String(type), column);
      const valueType = type.dictionary as DataType;
      if (!DataType.isUtf8(valueType)) throw unsupportedType(String(type), column);
      return valid((d, i) => {
        const v: unknown = d.dictionary!.get(Number(d.values[i]));
        return typeof v === 'string' ? v : null;
      });
    }
    case Type.List:
    case Type.FixedSizeList: {
      const child = reader((type.children[0] as Field).type, column);
      const fixed = DataType.isFixedSizeList(type) ? type.listSize : 0;
      return valid((d, i) => {
        const start = fixed ? i * fixed : (d.valueOffsets as Int32Array)[i]!;
        const end = fixed ? start + fixed : (d.valueOffsets as Int32Array)[i + 1]!;
        const items: Nested[] = [];
        for (let j = start; j < end; j++) items.push(child(d.children[0]!, j));
        return items;
      });
    }
    case Type.Struct: {
      const fields = type.children as Field[];
      const children = fields.map((f) => reader(f.type, column));
      return valid((d, i) => {
        const obj: { [key: string]: Nested } = {};
        fields.forEach((f, k) => (obj[f.name] = children[k]!(d.children[k]!, i)));
        return obj;
      });
    }
    default:
      throw unsupportedType(String(type), column);
  }
}

/** Little-endian two's-complement words → bigint (DECIMAL storage). */
function wordsToBigInt(words: Uint32Array, start: number, count: number): bigint {
  let v = 0n;
  for (let k = count - 1; k >= 0; k--) v = v * TWO_32 + BigInt(words[start + k]!);
  return BigInt.asIntN(32 * count, v);
}
