/** A strict little XML reader for the JUnit tests: enough for what formatJunit writes. */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function decode(s: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#[0-9]+);)/.test(s)) throw new Error(`bare & in ${s}`);
  return s.replace(/&(#[0-9]+|[a-z]+);/g, (_m, e: string) =>
    e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : ENTITIES[e],
  );
}

function attributes(source: string): Record<string, string> {
  const result: Record<string, string> = {};
  const rest = source.replace(/\s*([A-Za-z_:][\w:.-]*)="([^"<]*)"/g, (_m, k: string, v: string) => {
    if (k in result) throw new Error(`duplicate attribute ${k}`);
    result[k] = decode(v);
    return "";
  });
  if (rest.trim() !== "") throw new Error(`bad attributes: ${source}`);
  return result;
}

/** Parses a document with an XML declaration and one root element; throws when not well-formed. */
export function parseXml(xml: string): XmlElement {
  const forbidden = Array.from(xml).find((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 && ch !== "\t" && ch !== "\n" && ch !== "\r";
  });
  if (forbidden !== undefined) throw new Error("control character");
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, "");
  const root: XmlElement = {
    name: "#document",
    attributes: {},
    children: [],
    text: "",
  };
  const stack = [root];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[^\s=/>]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const [, closing, name, attrs, selfClosing, text] = match;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      top.text += decode(text);
    } else if (closing === "/") {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const element = {
        name,
        attributes: attributes(attrs),
        children: [],
        text: "",
      };
      top.children.push(element);
      if (selfClosing !== "/") stack.push(element);
    }
  }
  if (consumed !== body.length) throw new Error(`not well-formed at ${body.slice(consumed, consumed + 40)}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> not closed`);
  if (root.children.length !== 1 || root.text.trim() !== "") throw new Error("not one root element");
  return root.children[0];
}
