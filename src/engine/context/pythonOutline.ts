// A Python file's outline: decorators, def/class lines (a multi-line signature is one entry),
// class attributes, module constants, and the attributes a class's methods set on `self`
// (what callers of the class read and write: `self._name = ...` in any method, not only
// `__init__`). Whole lines, in file order.

const PY_DECLARATION = /^(?:@|def\s|async\s+def\s|class\s)/;
const PY_ASSIGNMENT = /^[A-Za-z_]\w*\s*(?::[^=]*)?=/;
const SELF_ATTRIBUTE = /^self\.(\w+)\s*(?::[^=]*)?=(?!=)/;

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

export function pythonOutline(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  // Indentation of the def whose body is being skipped, or -1.
  let skipDeeperThan = -1;
  // Indentation of the class whose methods are being read, or -1; the attributes already kept for it.
  let classIndent = -1;
  let inMethod = false;
  let signature: string[] | undefined;
  const attributes = new Set<string>();
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const indent = indentOf(line);
    if (signature) {
      signature.push(line);
      if (/:\s*(#.*)?$/.test(trimmed)) {
        out.push(signature.join('\n'));
        signature = undefined;
      }
      continue;
    }
    if (skipDeeperThan >= 0) {
      if (indent > skipDeeperThan) {
        const attribute = inMethod ? SELF_ATTRIBUTE.exec(trimmed) : null;
        if (attribute && !attributes.has(attribute[1])) {
          attributes.add(attribute[1]);
          out.push(line);
        }
        continue;
      }
      skipDeeperThan = -1;
      inMethod = false;
    }
    if (classIndent >= 0 && indent <= classIndent) classIndent = -1;
    const body = line.slice(indent);
    if (PY_DECLARATION.test(body)) {
      if (/^class\s/.test(body)) {
        classIndent = indent;
        attributes.clear();
      } else if (/^(?:async\s+)?def\s/.test(body)) {
        skipDeeperThan = indent;
        inMethod = classIndent >= 0 && indent > classIndent;
        if (!/:\s*(#.*)?$/.test(trimmed)) {
          signature = [line];
          continue;
        }
      }
      out.push(line);
      continue;
    }
    if (PY_ASSIGNMENT.test(body) && (indent === 0 || out.length > 0)) out.push(line);
  }
  if (signature) out.push(signature.join('\n'));
  return out;
}
