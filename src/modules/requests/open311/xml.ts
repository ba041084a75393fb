/**
 * A small XML writer for the GeoReport v2 answers: elements only (no attributes), UTF-8, with
 * the XML declaration the spec asks for. Text is escaped (& < > " ') and characters XML 1.0
 * cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped.
 */
export type XmlValue = string | number | boolean | null | undefined | XmlNode | XmlValue[];
/** Child elements in order; an array value repeats the element once per item. */
export type XmlNode = { [name: string]: XmlValue };

const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function write(name: string, value: XmlValue, out: string[]): void {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (Array.isArray(value)) {
    for (const item of value) write(name, item, out);
    return;
  }
  if (value === null || value === undefined || value === '') {
    out.push(`<${name}/>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [child, v] of Object.entries(value)) write(child, v, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
}

/** `<?xml version="1.0" encoding="UTF-8"?><root>…</root>`. */
export function toXml(root: string, content: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, content, out);
  return out.join('');
}
