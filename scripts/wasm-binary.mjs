// The pieces of the wasm binary format that the packaging scripts read and write
// (shorten-imports.mjs): LEB128 numbers, names, sections, imports.

/** An unsigned LEB128 number at `at`: [value, the offset after it]. */
export function readU32(buf, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}

/** `n` as unsigned LEB128. */
export function u32(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

/** A name (length, UTF-8 bytes) at `at`: [name, the offset after it]. */
export function readName(buf, at) {
  const [len, start] = readU32(buf, at);
  return [buf.subarray(start, start + len).toString("utf8"), start + len];
}

/** `s` as a name. */
export const name = (s) => Buffer.concat([u32(Buffer.byteLength(s)), Buffer.from(s, "utf8")]);

/** The sections after the 8-byte header: id, where the section starts, its contents, its end. */
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error("wasm-binary: not a wasm module");
  const out = [];
  for (let at = 8; at < buf.length; ) {
    const [size, body] = readU32(buf, at + 1);
    out.push({ id: buf[at], start: at, body, end: body + size });
    at = body + size;
  }
  return out;
}

/** The length in bytes of one import's description (after its module and field names). */
export function importDescLength(buf, at) {
  const kind = buf[at];
  let p = at + 1;
  const limits = () => {
    const flags = buf[p++];
    [, p] = readU32(buf, p);
    if (flags & 1) [, p] = readU32(buf, p);
  };
  if (kind === 0) [, p] = readU32(buf, p); // function: type index
  else if (kind === 1) {
    p++; // table: reference type, then limits
    limits();
  } else if (kind === 2) limits(); // memory
  else if (kind === 3) p += 2; // global: value type, mutability
  else if (kind === 4) [, p] = readU32(buf, p + 1); // tag: attribute byte, type index
  else throw new Error(`wasm-binary: unknown import kind ${kind}`);
  return p - at;
}
