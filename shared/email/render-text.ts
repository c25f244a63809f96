/** The plain-text part: what a screen reader, a watch or a careful person with images off gets. */
import { crisisHeading, crisisLineText, elsewhereText, signOff, type Block } from './blocks.js';

// Line endings inside a value are normalised so the text part has one kind of line break.
const lines = (value: string): string => value.replace(/\r\n?/g, '\n').trim();

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return lines(b.text);
    case 'button':
      return `${b.link.label}:\n${b.link.url}`;
    case 'choices':
      return b.links.map((l) => `${l.label}:\n${l.url}`).join('\n\n');
    case 'quote':
      return `${b.intro}\n\n${lines(b.text)
        .split('\n')
        .map((l) => `  ${l}`.trimEnd())
        .join('\n')}`;
    case 'list':
      return [b.intro, ...b.items.map((i) => `- ${i}`)].join('\n');
    case 'crisis':
      return [crisisHeading, ...b.support.lines.map((l) => `- ${crisisLineText(l)}`), elsewhereText(b.support)].join(
        '\n',
      );
    case 'signature':
      return `${signOff}\n${b.name}`;
    case 'footer':
      return `---\n${lines(b.text)}${b.link ? `\n${b.link.label}:\n${b.link.url}` : ''}`;
    case 'reach':
      throw new Error('A reach block is resolved before rendering (render-template.ts)');
  }
}

export function renderText(blocks: readonly Block[]): string {
  return `${blocks.map(block).join('\n\n')}\n`;
}
