import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Imports point one way: no folder of src/ reaches back to a folder that
// imports it. Type-only imports are erased at run time and left out.
const SRC = resolve(import.meta.dirname, '../../src');

/** The folder a source file belongs to; files at the top of src/ are leaves (errors, types, tokens) except the composition root. */
function unitOf(file: string): string {
  const path = relative(SRC, file);
  if (!path.includes('/')) return path === 'app.ts' ? 'app' : 'leaf';
  return path.split('/')[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(import|export)(?!\s+type\s)[^;]*?from\s+'(\.[^']+)'/gms)) {
      const target = resolve(dirname(file), match[2]!.replace(/\.js$/, '.ts'));
      const [from, to] = [unitOf(file), unitOf(target)];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, `${relative(SRC, file)} → ${relative(SRC, target)}`);
    }
  }
  return graph;
}

/** One import chain from `from` back to itself, or null. */
function cycleThrough(graph: Map<string, Map<string, string>>, from: string): string[] | null {
  const seen = new Set<string>();
  const walk = (unit: string, path: string[]): string[] | null => {
    for (const [next, why] of graph.get(unit) ?? []) {
      if (next === from) return [...path, why];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, why]);
      if (found) return found;
    }
    return null;
  };
  return walk(from, []);
}

describe('import direction', () => {
  const graph = importGraph();

  it('finds the imports it checks', () => {
    expect(graph.get('run')?.has('store')).toBe(true);
    expect(graph.get('cli')?.has('app')).toBe(true);
  });

  it.each([...graph.keys()].sort())('no import chain leads from %s back to itself', (unit) => {
    expect(cycleThrough(graph, unit)).toBeNull();
  });

  it('keeps the pure core (parse, query, match, learn, digest, render) free of the store and the layers above it', () => {
    for (const pure of ['ingest', 'match', 'query', 'digest', 'learn', 'render']) {
      expect([...(graph.get(pure)?.keys() ?? [])].filter((unit) => ['store', 'run', 'cli', 'web', 'app'].includes(unit)), pure).toEqual([]);
    }
  });
});
