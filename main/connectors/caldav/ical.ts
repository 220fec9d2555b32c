// iCalendar (RFC 5545) text into components and properties: lines unfolded, parameters split with their
// quoting respected, TEXT values unescaped on demand. Tolerant: a line it cannot read is skipped.

export interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface Component {
  name: string;
  properties: Property[];
  components: Component[];
}

/** The top-level components of a calendar object (normally one VCALENDAR). */
export function parseICalendar(text: string): Component[] {
  const roots: Component[] = [];
  const stack: Component[] = [];
  for (const line of unfold(text)) {
    const property = parseLine(line);
    if (!property) continue;
    if (property.name === 'BEGIN') {
      const component: Component = { name: property.value.toUpperCase(), properties: [], components: [] };
      (stack.at(-1)?.components ?? roots).push(component);
      stack.push(component);
    } else if (property.name === 'END') {
      if (stack.at(-1)?.name === property.value.toUpperCase()) stack.pop();
    } else {
      stack.at(-1)?.properties.push(property);
    }
  }
  return roots;
}

/** Every component of that name, at any depth. */
export function findAll(components: Component[], name: string): Component[] {
  return components.flatMap((component) => [
    ...(component.name === name ? [component] : []),
    ...findAll(component.components, name),
  ]);
}

export const property = (component: Component, name: string): Property | undefined =>
  component.properties.find((candidate) => candidate.name === name);

export const properties = (component: Component, name: string): Property[] =>
  component.properties.filter((candidate) => candidate.name === name);

/** A TEXT value (RFC 5545 §3.3.11) as the user wrote it. */
export function text(component: Component, name: string): string | null {
  const found = property(component, name);
  return found ? unescapeText(found.value) : null;
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, escaped: string) => (escaped.toLowerCase() === 'n' ? '\n' : escaped));
}

function unfold(text: string): string[] {
  return text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
}

function parseLine(line: string): Property | null {
  const nameEnd = line.search(/[;:]/);
  if (nameEnd <= 0) return null;
  const name = line.slice(0, nameEnd).toUpperCase();
  let index = nameEnd;
  const params: Record<string, string> = {};
  while (line[index] === ';') {
    const equals = line.indexOf('=', index);
    if (equals < 0) return null;
    const key = line.slice(index + 1, equals).toUpperCase();
    index = equals + 1;
    let value = '';
    // A parameter value may hold several comma-separated parts, each quoted or not.
    while (index < line.length && line[index] !== ';' && line[index] !== ':') {
      if (line[index] === '"') {
        const close = line.indexOf('"', index + 1);
        if (close < 0) return null;
        value += line.slice(index + 1, close);
        index = close + 1;
      } else {
        value += line[index];
        index += 1;
      }
    }
    params[key] = value;
  }
  if (line[index] !== ':') return null;
  return { name, params, value: line.slice(index + 1) };
}
