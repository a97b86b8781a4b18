/**
 * Every word the console shows comes from a catalogue: a literal in JSX would show in English to a German
 * desk. Each renderer .tsx file is parsed (with rolldown's parser, the one that builds the renderer) and a
 * JSX text with letters, a string child with letters, or a string-valued attribute people read (title,
 * aria-label, placeholder, alt…) is a failure. Key names in <kbd> and machine names in <code> are not words.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type ESTree, parseSync, Visitor } from 'rolldown/utils';
import { describe, expect, test } from 'vitest';

const rendererDir = join(import.meta.dirname, '..');
/** Attributes a person reads or hears; the others (className, type, data-*) are for the code. */
const readAttributes = new Set([
  'title',
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'placeholder',
  'alt',
  'label',
]);
const hasLetters = (text: string) => /\p{L}/u.test(text);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** The literal words in one file's JSX, each as `file:line "text"`. */
export function literalWords(file: string, source: string): string[] {
  const found: string[] = [];
  const line = (offset: number) => source.slice(0, offset).split('\n').length;
  const flag = (node: { start: number }, text: string) =>
    found.push(`${file}:${line(node.start)} ${JSON.stringify(text.trim())}`);
  const isString = (node: unknown): node is ESTree.StringLiteral =>
    (node as { type?: string })?.type === 'Literal' && typeof (node as { value?: unknown }).value === 'string';
  /** The words of a string or template literal (`Window ${n} URL` has words too); '' for anything else. */
  const wordsOf = (node: ESTree.Expression | ESTree.JSXEmptyExpression | null | undefined): string => {
    if (isString(node)) return node.value;
    if (node?.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? '').join('…');
    return '';
  };
  // A child is read as words unless it sits in <kbd> (a key, named as printed on it) or <code> (a name the
  // code or a file format uses); children are visited after their element, so the exemption comes first.
  const exempt = new Set<number>();
  const childWords = (node: ESTree.JSXChild) => {
    if (exempt.has(node.start)) return;
    if (node.type === 'JSXText' && hasLetters(node.value)) flag(node, node.value);
    if (node.type === 'JSXExpressionContainer' && hasLetters(wordsOf(node.expression)))
      flag(node, wordsOf(node.expression));
  };
  const onElement = (node: ESTree.JSXElement) => {
    const name = node.openingElement.name;
    if (name.type === 'JSXIdentifier' && (name.name === 'kbd' || name.name === 'code'))
      for (const child of node.children) exempt.add(child.start);
    node.children.forEach(childWords);
  };
  const onAttribute = (node: ESTree.JSXAttribute) => {
    const name = node.name.type === 'JSXIdentifier' ? node.name.name : '';
    if (!readAttributes.has(name)) return;
    const value = node.value?.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
    const words = value?.type === 'Literal' || value?.type === 'TemplateLiteral' ? wordsOf(value) : '';
    if (hasLetters(words)) flag(node, words);
  };
  const onFragment = (node: ESTree.JSXFragment) => node.children.forEach(childWords);
  new Visitor({
    JSXElement: onElement,
    JSXFragment: onFragment,
    JSXAttribute: onAttribute,
  }).visit(parseSync(file, source, { lang: 'tsx' }).program);
  return found;
}

describe('the renderer', () => {
  test('shows no literal words in JSX: every string goes through t()', () => {
    const files = tsxFiles(rendererDir);
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((path) => literalWords(relative(rendererDir, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  test.each([
    ['JSX text', '<h2>Tap trust</h2>'],
    ['a string child', "<p>{'No tap yet'}</p>"],
    ['an aria-label', '<button aria-label="Close" />'],
    ['a title in braces', "<span title={'Copied'} />"],
    ['a template label', `<input aria-label={\`Window \${n} URL\`} />`],
  ])('finds %s', (_kind, jsx) => {
    expect(literalWords('x.tsx', `const x = ${jsx};`)).toHaveLength(1);
  });

  test.each([
    ['a translated text', "<h2>{t('analytics.trust')}</h2>"],
    ['symbols without letters', '<span aria-hidden="true">› — ◆ 1/2</span>'],
    ['attributes for the code', '<div className="card table-card" data-testid="trust-panel" />'],
    ['a key and a column name', "<p>{t('a')} <kbd>Esc</kbd> <code>bandId</code></p>"],
  ])('lets %s through', (_kind, jsx) => {
    expect(literalWords('x.tsx', `const x = ${jsx};`)).toEqual([]);
  });
});
