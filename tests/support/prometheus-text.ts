/**
 * Reads a Prometheus text exposition (format 0.0.4) strictly (but NaN in any case, as Prometheus
 * reads it: prom-client writes an event-loop lag not yet sampled as `Nan`): every line a `# HELP`, a
 * `# TYPE` or a sample, every sample of a declared metric family. Throws on anything else, so
 * a test that reads a scrape also proves it parses.
 *
 * @returns each sample's value, keyed `name{label="value",…}` with labels as written.
 */
export function parsePrometheusText(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const families = new Set<string>();
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE' && !['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(meta[3]!)) {
        throw new Error(`line ${index + 1}: unknown type "${meta[3]}"`);
      }
      families.add(meta[2]!);
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`line ${index + 1} is not Prometheus text: ${line}`);
    const [, name, labels = '', value] = sample;
    const family = name!.replace(/_(bucket|sum|count|total|created)$/, '');
    if (!families.has(name!) && !families.has(family)) throw new Error(`line ${index + 1}: sample of undeclared metric ${name}`);
    samples.set(`${name}${labels}`, SPECIAL_VALUES[value!.toLowerCase()] ?? Number(value));
  }
  return samples;
}

const SPECIAL_VALUES: Record<string, number> = { nan: NaN, '+inf': Infinity, '-inf': -Infinity };

const LABEL = String.raw`[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"`;
const SAMPLE = new RegExp(
  String.raw`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:${LABEL})(?:,${LABEL})*,?\})? ([Nn]a[Nn]|[+-]Inf|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(?: -?\d+)?$`,
);
